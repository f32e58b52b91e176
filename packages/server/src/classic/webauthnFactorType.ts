import type { StepView } from '../engine/step.js';
import { WEBAUTHN_KEY } from '../authenticators/webauthn/relyingParty.js';
import { enrolledFactor } from './authnFactors.js';
import { authnUrl, link } from './authnLinks.js';

type Json = Record<string, unknown>;

/**
 * WebAuthn verified by factorType (Okta's `/api/v1/authn/factors/webauthn/verify`): one challenge that
 * any of the user's WebAuthn factors may sign, as Okta offers for a factor type that a user can have
 * several of. Verified by factorId, the challenge names that factor's credential (challengeType FACTOR).
 */
export const WEBAUTHN_FACTOR_TYPE = 'webauthn';

/** The path of the verify call by factorType. */
export const BY_TYPE_PATH = `/factors/${WEBAUTHN_FACTOR_TYPE}/verify`;

const verifyByType = (url: (path: string) => string): Json => link(url(BY_TYPE_PATH), { name: 'verify' });

const webauthnEnrollments = (view: StepView) => view.authenticatorEnrollments.filter((a) => a.key === WEBAUTHN_KEY);

/** MFA_CHALLENGE of one WebAuthn factor says so (Okta's challengeType FACTOR); other factors' challenges say nothing. */
export const challengeTypeOf = (factor: Json): Json => (factor.factorType === WEBAUTHN_FACTOR_TYPE ? { challengeType: 'FACTOR' } : {});

/**
 * MFA_REQUIRED's `_embedded.factorTypes` when the user has several WebAuthn factors: Okta's widget then
 * offers them as one choice and verifies by factorType.
 */
export function factorTypesOf(view: StepView, url: (path: string) => string): Json {
  if (webauthnEnrollments(view).length < 2) return {};
  return { factorTypes: [{ factorType: WEBAUTHN_FACTOR_TYPE, _links: { next: verifyByType(url) } }] };
}

/**
 * A WebAuthn MFA_CHALLENGE by factorType: the challenge (`_embedded.challenge`) beside every WebAuthn
 * factor of the user with its credentialId (`_embedded.factors`, which Okta's widget reads for
 * allowCredentials), and the next verify by factorType. Any other status is left as it is.
 */
export function byFactorType(transaction: Json, view: StepView, baseUrl: string): Json {
  if (transaction.status !== 'MFA_CHALLENGE') return transaction;
  const { factor, ...embedded } = transaction._embedded as Json;
  const factors = webauthnEnrollments(view).map((a) => {
    const { _links: _verify, ...listed } = enrolledFactor(a, baseUrl)!;
    return listed;
  });
  const { challenge } = (factor as { _embedded: Json })._embedded;
  const links = transaction._links as Json;
  return {
    ...transaction, challengeType: 'FACTOR_TYPE', factorType: WEBAUTHN_FACTOR_TYPE, _embedded: { ...embedded, challenge, factors },
    _links: { ...links, next: verifyByType((path) => authnUrl(baseUrl, path)) },
  };
}
