import { randomInt } from 'node:crypto';
import type { AuthenticatorContext, VerifyOutcome } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { keyedHash, safeEqual } from '../../platform/crypto.js';
import { RateLimiter, type Limit } from '../../platform/rateLimiter.js';
import type { PhoneChannel } from '../../platform/delivery/sms.js';
import type { Field } from '../../vocabulary/fields.js';

export const PHONE_KEY = 'phone_number';
export const PHONE_METHODS: readonly PhoneChannel[] = ['sms', 'voice'];

/** The code field of both forms, as Okta labels it for the phone. */
export const codeFields = (): Field[] => [{ name: 'passcode', label: 'Enter code' }];

/** A code is good this long (Okta's phone codes expire after 5 minutes). */
const LIFETIME_MS = 5 * 60_000;
/** Wrong codes allowed per sent code; then a new one must be sent. */
const MAX_ATTEMPTS = 5;
/** The cool-down: one code per number in each 30-second window (fixed windows, as every stored limit); a resend waits for the next. */
const COOL_DOWN: Limit = { max: 1, windowMs: 30_000 };
/** Texts and calls one user may cause, across sign-ins and numbers: a stolen password cannot text the world at the org's cost. */
const SENDS_PER_USER: Limit = { max: 15, windowMs: 60 * 60_000 };
/** Texts and calls to one number, whoever asks (several accounts may enroll one number): nobody floods a phone through Latchkey. */
const SENDS_PER_NUMBER: Limit = { max: 10, windowMs: 15 * 60_000 };

/** What the transaction remembers of a sent code: only its HMAC. */
export interface PhoneChallenge {
  codeHash: string;
  expiresAt: number;
  attempts: number;
}

/** The method chosen with the phone; anything else is a malformed request. */
export function methodOf(ctx: AuthenticatorContext): PhoneChannel {
  const method = PHONE_METHODS.find((m) => m === ctx.choice.methodType);
  if (!method) throw new EngineError(400, [Messages.malformed], false);
  return method;
}

/** Okta's answers, by channel, when a code was sent too recently and when sends are over their limit. */
const tooSoon = (channel: PhoneChannel) => new EngineError(429, [channel === 'voice' ? Messages.callRecentlyMade : Messages.smsRecentlySent], false);
const limited = (channel: PhoneChannel) => new EngineError(429, [channel === 'voice' ? Messages.callLimit : Messages.smsLimit], false);

/** Sends a new 6-digit code to `to` (E.164) by text or call, within the limits; answers what verifying needs. */
export async function sendPhoneCode(ctx: AuthenticatorContext, to: string, channel: PhoneChannel): Promise<PhoneChallenge> {
  const limiter = new RateLimiter(ctx.store, ctx.clock);
  const userId = ctx.user?.id ?? '';
  if (!(await limiter.consume(`phone-cooldown:${to}`, COOL_DOWN)).allowed) throw tooSoon(channel);
  for (const [bucket, limit] of [[`phone-send-user:${userId}`, SENDS_PER_USER], [`phone-send-number:${to}`, SENDS_PER_NUMBER]] as const) {
    if (!(await limiter.consume(bucket, limit)).allowed) throw limited(channel);
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const text = channel === 'voice' ? `Your verification code is ${code}.` : `Your verification code is ${code}. It expires in 5 minutes.`;
  await ctx.sms.send({ to, channel, text, kind: 'phone-challenge' });
  return { codeHash: keyedHash(ctx.codeKey, code), expiresAt: ctx.clock.now() + LIFETIME_MS, attempts: 0 };
}

/** Okta answers a wrong code on the field it was typed in. */
const invalid = (): VerifyOutcome => ({ ok: false, error: new EngineError(401, [], false, { 'credentials.passcode': [Messages.invalidCode] }) });

/** Checks a typed code against the sent one; wrong codes count towards its limit, an expired one must be sent again. */
export function verifyPhoneCode(ctx: AuthenticatorContext, credentials: Record<string, unknown>, data: Record<string, unknown>): VerifyOutcome {
  const challenge = data as unknown as Partial<PhoneChallenge>;
  if (!ctx.user || typeof challenge.codeHash !== 'string' || typeof challenge.attempts !== 'number') return invalid();
  // Expired or tried too often: refused as any wrong code (Okta does not say which); a new one must be sent.
  if ((challenge.expiresAt ?? 0) <= ctx.clock.now() || challenge.attempts >= MAX_ATTEMPTS) return invalid();
  const code = typeof credentials.passcode === 'string' ? credentials.passcode.trim() : '';
  if (!safeEqual(keyedHash(ctx.codeKey, code), challenge.codeHash)) {
    challenge.attempts += 1;
    return invalid();
  }
  return { ok: true };
}
