import { randomInt } from 'node:crypto';
import type { Authenticator, AuthenticatorContext, VerifyOutcome } from '../authenticator.js';
import { EngineError } from '../../engine/errors.js';
import { Messages } from '../../engine/messages.js';
import { hashSecret, verifySecret } from '../../platform/crypto.js';
import { newSecret } from '../../platform/ids.js';
import type { User } from '../../store/repositories/users.js';

/** A code or link is good this long (Okta's default for the email authenticator). */
export const EMAIL_CHALLENGE_TTL_MS = 5 * 60_000;
/** Wrong codes allowed per sent code; then a new one must be sent. */
const MAX_ATTEMPTS = 5;
/** The waiting client polls this often for a click on the link elsewhere. */
const POLL_MS = 4000;

interface EmailChallenge {
  codeHash: string;
  linkHash: string;
  expiresAt: number;
  attempts: number;
}

const emailOf = (user: User | undefined): string | undefined => (typeof user?.profile.email === 'string' ? user.profile.email : undefined);

/** `a***e@e******.com`: enough to recognise the address, not enough to learn it. */
export function maskEmail(email: string): string {
  const [local, domain = ''] = email.split('@');
  const mask = (s: string) => (s.length <= 2 ? `${s[0] ?? ''}*` : `${s[0]}${'*'.repeat(s.length - 2)}${s[s.length - 1]}`);
  const dot = domain.lastIndexOf('.');
  return `${mask(local)}@${dot > 0 ? `${mask(domain.slice(0, dot))}${domain.slice(dot)}` : mask(domain)}`;
}

/** Okta answers a wrong code on the field it was typed in, not as a message of the whole form. */
const invalid = (): VerifyOutcome => ({ ok: false, error: new EngineError(401, [], false, { 'credentials.passcode': [Messages.invalidCode] }) });

/**
 * The email authenticator: a 6-digit code and a magic link in one message, both single use, both
 * expiring, stored only as hashes. Unknown identifiers get the same answers and no message.
 */
export const emailAuthenticator: Authenticator = {
  key: 'okta_email',
  type: 'email',
  displayName: 'Email',
  factorClass: 'possession',
  amr: 'email',
  methodType: 'email',
  isEnrolled: (user) => emailOf(user) !== undefined,
  answerFields: () => [{ name: 'passcode', label: 'Enter code' }],
  presentation: (user) => ({ resend: true, pollMs: POLL_MS, ...(emailOf(user) && { profile: { email: maskEmail(emailOf(user)!) } }) }),

  async challenge(ctx: AuthenticatorContext): Promise<Record<string, unknown>> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const link = newSecret(32);
    const challenge: EmailChallenge = {
      codeHash: hashSecret(code), linkHash: hashSecret(link), expiresAt: ctx.clock.now() + EMAIL_CHALLENGE_TTL_MS, attempts: 0,
    };
    const to = emailOf(ctx.user);
    if (to) {
      const url = ctx.magicLink(link);
      await ctx.email.send({
        to, kind: 'email-challenge', subject: 'Your sign-in code',
        text: `Your verification code is ${code}\n\nOr sign in by opening this link:\n${url}\n\nThe code and the link expire in ${EMAIL_CHALLENGE_TTL_MS / 60_000} minutes. If you did not try to sign in, ignore this message.`,
        html: `<p>Your verification code is <strong>${code}</strong></p><p><a href="${url}">Sign in</a></p><p>The code and the link expire in ${EMAIL_CHALLENGE_TTL_MS / 60_000} minutes. If you did not try to sign in, ignore this message.</p>`,
      });
    }
    return { ...challenge };
  },

  async verify(ctx, credentials, data): Promise<VerifyOutcome> {
    const challenge = data as unknown as EmailChallenge;
    if (!ctx.user || !challenge.codeHash) return invalid();
    if (challenge.expiresAt <= ctx.clock.now()) return { ok: false, error: new EngineError(401, [Messages.linkExpired], false) };
    if (challenge.attempts >= MAX_ATTEMPTS) return invalid();
    const link = typeof credentials.magicLink === 'string' ? credentials.magicLink : undefined;
    const code = typeof credentials.passcode === 'string' ? credentials.passcode.trim() : '';
    const ok = link !== undefined ? verifySecret(link, challenge.linkHash) : verifySecret(code, challenge.codeHash);
    if (!ok) {
      challenge.attempts += 1;
      return invalid();
    }
    return { ok: true };
  },
};
