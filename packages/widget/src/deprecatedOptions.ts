/**
 * Options of Okta's Classic widget that the Identity Engine dropped, each with what replaces it
 * (the org's policies decide these now). The widget accepts them, so an existing page keeps
 * working, and says once per page what replaces each. docs/widget.md shows this table.
 */
const REPLACEMENTS: Record<string, string> = {
  'features.rememberMe': 'the identify form offers "Keep me signed in" when the org\'s global session policy allows it',
  'features.autoPush': 'use the authentication policy in the org (it decides when Okta Verify push is offered)',
  'features.smsRecovery': 'use the recovery methods of the password policy in the org',
  'features.callRecovery': 'use the recovery methods of the password policy in the org',
  'features.webauthn': 'use the authentication policy and the WebAuthn authenticator in the org',
  'features.selfServiceUnlock': 'use self-service unlock in the password policy in the org',
  'features.multiOptionalFactorEnroll': 'use the authenticator enrollment policy in the org',
  'features.registration': 'use the profile enrollment policy in the org',
  'features.idpDiscovery': 'use identity provider routing rules in the org',
  'features.showPasswordToggleOnSignInPage': 'nothing to set: every password field has a show/hide toggle',
  'features.scrollOnError': 'nothing to set: focus moves to the error summary, which scrolls it into view',
  'features.skipIdpFactorVerificationBtn': 'use the authentication policy in the org (identity provider authenticators)',
  'registration': 'use the profile enrollment policy in the org',
  'idpDiscovery': 'use identity provider routing rules in the org',
  'idps': 'use identity provider routing rules in the org; the IDX response offers the providers',
  'piv': 'use a smart card (PIV) identity provider in the org\'s routing rules',
  'recoveryToken': 'use the recovery email link, which resumes the flow with its own state',
};

const warned = new Set<string>();

const valueAt = (options: object, path: string): unknown =>
  path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), options);

/** One console.warn per dropped option present, once per page however many widgets it makes. */
export function warnDroppedOptions(options: object): void {
  for (const [path, replacement] of Object.entries(REPLACEMENTS)) {
    if (valueAt(options, path) === undefined || warned.has(path)) continue;
    warned.add(path);
    console.warn(`latchkey-widget: "${path}" is not used by the Identity Engine: ${replacement}.`);
  }
}
