import { describeRequirements, type Complexity } from './passwordRequirements.js';
import type { AuthenticatorUi } from './types.js';

export const password: AuthenticatorUi = {
  key: 'okta_password',
  title: (t, _a, enrolling) => t.t(enrolling ? 'oie.password.enroll.title' : 'oie.password.challenge.title'),
  // The rules a new password must meet, from the password policy the server sends.
  subtitle: (t, a, enrolling) => (enrolling ? describeRequirements(t, a.settings?.complexity as Complexity | undefined) : undefined),
  passcode: (enrolling) => enrolling
    ? { labelKey: 'oie.password.passwordLabel', autocomplete: 'new-password' }
    : { labelKey: 'oie.password.label', autocomplete: 'current-password' },
  controller: (enrolling) => (enrolling ? 'enroll-password' : 'mfa-verify-password'),
  enrollSubmitKey: 'oform.next',
};
