import type { Authenticator } from '../authenticator.js';
import { emailOf, sendEmailChallenge, verifyEmailChallenge, type Wording } from './emailChallenge.js';
import { emailEnrollment } from './emailEnrollment.js';

/** The waiting client polls this often for a click on the link elsewhere. */
const POLL_MS = 4000;

const SIGN_IN_WORDING: Wording = {
  subject: 'Your sign-in code', intro: 'Your verification code is', linkText: 'Sign in', ignore: 'If you did not try to sign in, ignore this message.',
};

/** `a***e@e******.com`: enough to recognise the address, not enough to learn it. */
export function maskEmail(email: string): string {
  const [local, domain = ''] = email.split('@');
  const mask = (s: string) => (s.length <= 2 ? `${s[0] ?? ''}*` : `${s[0]}${'*'.repeat(s.length - 2)}${s[s.length - 1]}`);
  const dot = domain.lastIndexOf('.');
  return `${mask(local)}@${dot > 0 ? `${mask(domain.slice(0, dot))}${domain.slice(dot)}` : mask(domain)}`;
}

/**
 * The email authenticator: a 6-digit code and a magic link in one message, both single use, both
 * expiring, stored only as hashes. Unknown identifiers get the same answers and no message. It is
 * enrolled once the user's address is verified.
 */
export const emailAuthenticator: Authenticator = {
  key: 'okta_email',
  type: 'email',
  displayName: 'Email',
  factorClass: 'possession',
  amr: 'email',
  methodType: 'email',
  classicFactor: { factorType: 'email', provider: 'OKTA' },
  isEnrolled: (user) => emailOf(user) !== undefined && user.emailVerifiedAt !== null,
  answerFields: () => [{ name: 'passcode', label: 'Enter code' }],
  presentation(user, identifier) {
    // An unknown username that looks like an address is shown masked like the address of an account.
    const address = user ? emailOf(user) : identifier?.includes('@') ? identifier : undefined;
    return { resend: true, pollMs: POLL_MS, ...(address && { profile: { email: maskEmail(address) } }) };
  },
  challenge: (ctx) => sendEmailChallenge(ctx, SIGN_IN_WORDING),
  verify: verifyEmailChallenge,
  enrollment: emailEnrollment,
};
