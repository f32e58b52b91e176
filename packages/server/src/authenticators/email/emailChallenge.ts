import { randomInt } from 'node:crypto';
import type { AuthenticatorContext, VerifyOutcome } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { hashSecret, keyedHash, safeEqual, verifySecret } from '../../platform/crypto.js';
import { newSecret } from '../../platform/ids.js';
import { RateLimiter } from '../../platform/rateLimiter.js';
import type { User } from '../../store/repositories/users.js';

/** A code or link is good this long unless the org file says otherwise (Okta's default). */
const DEFAULT_LIFETIME_MINUTES = 5;
/** Wrong codes allowed per sent code; then a new one must be sent. */
const MAX_ATTEMPTS = 5;
/** Messages one username may be sent, across all its sign-ins: nobody can flood a mailbox through Latchkey. */
const SENDS_PER_USERNAME = { max: 10, windowMs: 15 * 60_000 };

interface EmailChallenge {
  /** HMAC of the code under the server's code key. */
  codeHash: string;
  linkHash: string;
  expiresAt: number;
  attempts: number;
}

export const emailOf = (user: User | undefined): string | undefined => (typeof user?.profile.email === 'string' ? user.profile.email : undefined);

/** What a message says, for the purpose it is sent for. */
export interface Wording {
  subject: string;
  intro: string;
  linkText: string;
  ignore: string;
}

/**
 * Sends a fresh 6-digit code and magic link to the user's address and answers the challenge to
 * remember (only hashes). Without a user (an unknown identifier) nothing is sent; the answer looks the same.
 */
export async function sendEmailChallenge(ctx: AuthenticatorContext, wording: Wording): Promise<Record<string, unknown>> {
  // Counted by what was typed, known or not, so the limit itself does not tell accounts apart.
  const sends = await new RateLimiter(ctx.store, ctx.clock).consume(`email-send:${(ctx.identifier ?? '').toLowerCase()}`, SENDS_PER_USERNAME);
  if (!sends.allowed) throw new EngineError(429, [Messages.tooManyRequests], false);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const link = newSecret(32);
  const { tokenLifetimeInMinutes } = await ctx.authenticatorSettings('okta_email');
  const minutes = typeof tokenLifetimeInMinutes === 'number' ? tokenLifetimeInMinutes : DEFAULT_LIFETIME_MINUTES;
  const challenge: EmailChallenge = {
    codeHash: keyedHash(ctx.codeKey, code), linkHash: hashSecret(link), expiresAt: ctx.clock.now() + minutes * 60_000, attempts: 0,
  };
  const to = emailOf(ctx.user);
  if (to) {
    const url = ctx.magicLink(link);
    const expiry = `The code and the link expire in ${minutes} minute${minutes === 1 ? '' : 's'}. ${wording.ignore}`;
    await ctx.email.send({
      to, kind: 'email-challenge', subject: wording.subject,
      text: `${wording.intro} ${code}\n\nOr open this link:\n${url}\n\n${expiry}`,
      html: `<p>${wording.intro} <strong>${code}</strong></p><p><a href="${url}">${wording.linkText}</a></p><p>${expiry}</p>`,
    });
  }
  return { ...challenge };
}

/** Okta answers a wrong code on the field it was typed in, not as a message of the whole form. */
const invalid = (): VerifyOutcome => ({ ok: false, error: new EngineError(401, [], false, { 'credentials.passcode': [Messages.invalidCode] }) });

/** Checks a code (or the link's token) against the challenge; wrong answers count towards its limit. */
export async function verifyEmailChallenge(ctx: AuthenticatorContext, credentials: Record<string, unknown>, data: Record<string, unknown>): Promise<VerifyOutcome> {
  const challenge = data as unknown as EmailChallenge;
  if (!ctx.user || !challenge.codeHash) return invalid();
  if (challenge.expiresAt <= ctx.clock.now()) return { ok: false, error: new EngineError(401, [Messages.linkExpired], false) };
  if (challenge.attempts >= MAX_ATTEMPTS) return invalid();
  const link = typeof credentials.magicLink === 'string' ? credentials.magicLink : undefined;
  const code = typeof credentials.passcode === 'string' ? credentials.passcode.trim() : '';
  const ok = link !== undefined ? verifySecret(link, challenge.linkHash) : safeEqual(keyedHash(ctx.codeKey, code), challenge.codeHash);
  if (!ok) {
    challenge.attempts += 1;
    return invalid();
  }
  return { ok: true };
}
