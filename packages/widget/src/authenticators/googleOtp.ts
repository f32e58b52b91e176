import { totpSetup } from '../views/totpSetup.js';
import type { AuthenticatorUi } from './types.js';

/** Google Authenticator (any TOTP app): set up from a QR code or its secret typed in, then a code from the app. */
export const googleOtp: AuthenticatorUi = {
  key: 'google_otp',
  title: (t, _a, enrolling) => t.t(enrolling ? 'oie.enroll.google_authenticator.setup.title' : 'oie.verify.google_authenticator.otp.title'),
  subtitle: (t, _a, enrolling) => (enrolling ? undefined : t.t('oie.verify.google_authenticator.otp.description')),
  content: (t, a, enrolling) => (enrolling ? totpSetup(t, a.contextualData ?? {}) : []),
  passcode: (enrolling) => ({
    labelKey: enrolling ? 'oie.enroll.google_authenticator.enterCode.title' : 'oie.google_authenticator.otp.enterCodeText', autocomplete: 'one-time-code', inputmode: 'numeric',
  }),
  // Okta's widget names the challenge screen so; the enrollment screen it reports without a controller.
  controller: (enrolling) => (enrolling ? null : 'mfa-verify'),
};
