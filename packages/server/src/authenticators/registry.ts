import type { Authenticator } from './authenticator.js';
import { passwordAuthenticator } from './password/passwordAuthenticator.js';
import { emailAuthenticator } from './email/emailAuthenticator.js';
import { totpAuthenticator } from './totp/totpAuthenticator.js';
import { securityQuestionAuthenticator } from './securityQuestion/securityQuestionAuthenticator.js';
import { webauthnAuthenticator } from './webauthn/webauthnAuthenticator.js';
import { verifyAuthenticator } from './verify/verifyAuthenticator.js';
import { phoneAuthenticator } from './phone/phoneAuthenticator.js';

/** Every authenticator Latchkey offers; a new kind is a new folder and a line here. */
export const AUTHENTICATORS: readonly Authenticator[] = [
  passwordAuthenticator, emailAuthenticator, totpAuthenticator, phoneAuthenticator, securityQuestionAuthenticator, webauthnAuthenticator, verifyAuthenticator,
];

export const authenticatorByKey = (key: string): Authenticator | undefined => AUTHENTICATORS.find((a) => a.key === key);
