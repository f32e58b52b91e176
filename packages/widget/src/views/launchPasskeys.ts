import { assertion } from '../authenticators/webauthn.js';
import type { View } from './types.js';

/** "Sign in with a passkey" under the identify form: the browser offers the passkeys it holds for the org; the passkey names the user. */
export const launchPasskeys: View = {
  name: 'launch-passkeys-authenticator',
  title: (c) => c.t.t('signinWithPasskeys.button'),
  linkLabel: (c) => c.t.t('signinWithPasskeys.button'),
  ceremony: (c) => {
    const challengeData = c.response.webauthnAutofillUIChallenge?.value.challengeData;
    return challengeData && { buttonKey: 'signinWithPasskeys.button', failureKey: 'signin.passkeys.error', run: () => assertion(challengeData, [], true) };
  },
};
