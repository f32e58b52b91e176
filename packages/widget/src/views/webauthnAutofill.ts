import type { View } from './types.js';

/**
 * Okta's passkey autofill (the browser lists passkeys under the username field): not offered by
 * this widget, which signs in with a passkey through launch-passkeys-authenticator's button; so no link either.
 */
export const webauthnAutofill: View = {
  name: 'challenge-webauthn-autofillui-authenticator',
  title: (c) => c.t.t('signinWithPasskeys.button'),
};
