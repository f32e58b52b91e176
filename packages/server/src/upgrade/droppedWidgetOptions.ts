/**
 * Options of Okta's Classic sign-in widget that the Identity Engine dropped, each with what replaces
 * it: the org's policies decide these now. Our widget warns about them at run time and `latchkey
 * upgrade scan` finds them in an app's code; both read this table. Pure data, no imports: the widget
 * bundles it for the browser. `recoveryToken` is not one: the Identity Engine widget (v7) begins the
 * password reset with it as the Classic one did, and Okta's upgrade guide names no change to it.
 * Nor is `useClassicEngine`: it is the switch itself (the scan's widget.useClassicEngine rule), and
 * in that Classic mode these options are the widget's own, so our widget warns about them only
 * outside it (its Classic mode reads features.selfServiceUnlock, smsRecovery and callRecovery).
 */
export interface DroppedWidgetOption {
  /** Where it sits in the widget's configuration object, e.g. features.registration */
  path: string;
  /** What to use instead. */
  replacement: string;
  /**
   * Deleting it changes nothing under the Identity Engine (the widget ignores it there), so
   * `scan --fix` may delete it. Options that carry the app's own code or data are left to a person.
   */
  removable: boolean;
}

const flag = (path: string, replacement: string): DroppedWidgetOption => ({ path, replacement, removable: true });
const object = (path: string, replacement: string): DroppedWidgetOption => ({ path, replacement, removable: false });

export const DROPPED_WIDGET_OPTIONS: readonly DroppedWidgetOption[] = [
  flag('features.rememberMe', 'the identify form offers "Keep me signed in" when the org\'s staySignedIn shows it; the global session policy says for how long'),
  flag('features.autoPush', 'use the authentication policy in the org (it decides when Okta Verify push is offered)'),
  flag('features.smsRecovery', 'use the recovery methods of the password policy in the org'),
  flag('features.callRecovery', 'use the recovery methods of the password policy in the org'),
  flag('features.webauthn', 'use the authentication policy and the WebAuthn authenticator in the org'),
  flag('features.selfServiceUnlock', 'use self-service unlock in the password policy in the org'),
  flag('features.multiOptionalFactorEnroll', 'use the authenticator enrollment policy in the org'),
  flag('features.registration', 'use the profile enrollment policy in the org'),
  flag('features.idpDiscovery', 'use identity provider routing rules in the org'),
  flag('features.showPasswordToggleOnSignInPage', 'nothing to set: every password field has a show/hide toggle'),
  flag('features.scrollOnError', 'nothing to set: focus moves to the error summary, which scrolls it into view'),
  flag('features.skipIdpFactorVerificationBtn', 'use the authentication policy in the org (identity provider authenticators)'),
  object('registration', 'use the profile enrollment policy in the org'),
  object('idpDiscovery', 'use identity provider routing rules in the org'),
  object('idps', 'use identity provider routing rules in the org; the IDX response offers the providers'),
  object('piv', 'use a smart card (PIV) identity provider in the org\'s routing rules'),
];
