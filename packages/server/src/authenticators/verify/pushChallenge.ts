import { randomInt } from 'node:crypto';
import type { AuthenticatorContext, VerifyOutcome } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { randomBase62 } from '../../platform/ids.js';
import { RateLimiter } from '../../platform/rateLimiter.js';
import { enrollmentOf, VERIFY_KEY } from './deviceEnrollment.js';

/** A push can be answered this long. */
export const PUSH_LIFETIME_MS = 5 * 60_000;
/** Pushes one username may be sent, across its sign-ins: nobody can bury a phone in prompts (MFA fatigue). */
const PUSHES_PER_USERNAME = { max: 10, windowMs: 15 * 60_000 };

/** What the transaction remembers of a push: the challenge the device answers, and the number shown on the sign-in page. */
interface PendingPush {
  challengeId: string;
  expiresAt: number;
  correctAnswer?: number;
}

/** Okta's `channelBinding` setting (org file): the number challenge is asked always unless the org turns it off. */
async function numberChallengeOn(ctx: AuthenticatorContext): Promise<boolean> {
  const { channelBinding } = await ctx.authenticatorSettings(VERIFY_KEY);
  return (channelBinding as { required?: string } | undefined)?.required !== 'NEVER';
}

/** Three different two-digit numbers, as Okta Verify offers them. */
function threeNumbers(): number[] {
  const numbers = new Set<number>();
  while (numbers.size < 3) numbers.add(randomInt(10, 100));
  return [...numbers];
}

/**
 * Sends a push to the user's device: a stored challenge bound to this transaction, which the device
 * lists and answers. For an identifier that matched nobody nothing is stored, and the answer looks the same.
 */
export async function sendPush(ctx: AuthenticatorContext): Promise<Record<string, unknown>> {
  const sends = await new RateLimiter(ctx.store, ctx.clock).consume(`verify-push:${(ctx.identifier ?? '').toLowerCase()}`, PUSHES_PER_USERNAME);
  if (!sends.allowed) throw new EngineError(429, [Messages.tooManyRequests], false);
  const now = ctx.clock.now();
  const choices = (await numberChallengeOn(ctx)) ? threeNumbers() : [];
  const push: PendingPush = { challengeId: `psh${randomBase62(17)}`, expiresAt: now + PUSH_LIFETIME_MS, ...(choices.length > 0 && { correctAnswer: choices[randomInt(3)] }) };
  const enrollment = await enrollmentOf(ctx);
  if (enrollment) {
    await ctx.store.verifyPush.insertChallenge({
      id: push.challengeId, enrollmentId: enrollment.id, transactionId: ctx.transactionId, status: 'PENDING', choices,
      correctAnswer: push.correctAnswer ?? null, createdAt: now, expiresAt: push.expiresAt, answeredAt: null,
    });
  }
  return { ...push };
}

/** The device's answer to the push: approved, denied (a wrong number is a denial), expired, or undefined while it waits. */
export async function pushAnswer(ctx: AuthenticatorContext, data: Record<string, unknown>): Promise<VerifyOutcome | undefined> {
  const { challengeId, expiresAt } = data as unknown as PendingPush;
  const push = typeof challengeId === 'string' ? await ctx.store.verifyPush.challenge(challengeId) : undefined;
  const ours = push?.transactionId === ctx.transactionId;
  if (ours && push.status === 'APPROVED') return { ok: true };
  if (ours && push.status === 'DENIED') return { ok: false, error: new EngineError(403, [Messages.pushRejected], false) };
  if (!(expiresAt > ctx.clock.now())) return { ok: false, error: new EngineError(403, [Messages.pushExpired], false) };
  return undefined;
}

/** The number the sign-in page shows (Okta's contextualData.correctAnswer), when one is asked. */
export const shownNumber = (data: Record<string, unknown>): Record<string, unknown> | undefined =>
  (typeof data.correctAnswer === 'number' ? { correctAnswer: String(data.correctAnswer) } : undefined);
