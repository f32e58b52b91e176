/**
 * Which pipeline an org (and an app within it) signs in through: Okta's Classic Engine
 * (`/api/v1/authn`, Classic policies) or the Identity Engine (IDX, Identity Engine policies).
 * An org without the setting is an Identity Engine org, as every Latchkey org was before Classic orgs.
 */
export const ENGINE_MODES = ['classic', 'identity_engine'] as const;
export type EngineMode = (typeof ENGINE_MODES)[number];

/** Okta's answer where the Identity Engine is not on (recorded: reference/okta-idx-responses/error-feature-not-enabled.json). */
export const FEATURE_NOT_ENABLED = 'The requested feature is not enabled in this environment.';
