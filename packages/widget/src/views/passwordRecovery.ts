import { authenticatorStep } from './authenticatorStep.js';
import { authenticatorUi } from '../authenticators/index.js';
import type { View } from './types.js';

/** "Forgot password?" before anyone was identified: the username, to recover for. */
export const identifyRecovery: View = {
  name: 'identify-recovery',
  title: (c) => c.t.t('password.reset.title.generic'),
  hints: () => ({ identifier: { labelKey: 'primaryauth.username.placeholder', autocomplete: 'username' } }),
  controller: () => 'forgot-password',
};

const enrollingPassword = authenticatorStep('reset-authenticator', true);

/** The new password of a recovery: the password's set-up form, worded as a reset (Okta's keys). */
export const resetAuthenticator: View = {
  ...enrollingPassword,
  title: (c) => c.t.t('password.reset.title.generic'),
  submitLabel: (c) => c.t.t('password.reset'),
  hints: (c) => ({
    ...enrollingPassword.hints?.(c),
    'credentials.passcode': { ...authenticatorUi(c.authenticator).passcode(true), labelKey: 'oie.password.newPasswordLabel' },
    'credentials.revokeSessions': { labelKey: 'password.reset.revokeSessions' },
  }),
  controller: () => 'forgot-password',
};
