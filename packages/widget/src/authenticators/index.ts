import type { IdxAuthenticator } from '../idx/types.js';
import { email } from './email.js';
import { googleOtp } from './googleOtp.js';
import { password } from './password.js';
import { securityQuestion } from './securityQuestion.js';
import { verify } from './verify.js';
import { phone } from './phone.js';
import type { AuthenticatorUi } from './types.js';
import { webauthn } from './webauthn.js';

const KNOWN: AuthenticatorUi[] = [password, email, phone, securityQuestion, googleOtp, webauthn, verify];

/** Any other authenticator: named by its display name, its fields as the server labels them. */
const generic: AuthenticatorUi = {
  key: '',
  title: (t, a, enrolling) => t.t(enrolling ? 'latchkey.enroll.title' : 'latchkey.verify.title', [a.displayName ?? a.key ?? '']),
  passcode: () => ({ autocomplete: 'one-time-code' }),
  controller: (enrolling) => (enrolling ? null : 'mfa-verify'),
};

export const authenticatorUi = (a: IdxAuthenticator | undefined): AuthenticatorUi => KNOWN.find((k) => k.key === a?.key) ?? generic;
