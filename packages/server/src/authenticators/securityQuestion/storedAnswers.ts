import type { AuthenticatorContext } from '../authenticator.js';
import type { AuthenticatorEnrollment } from '../../store/repositories/authenticatorEnrollments.js';
import { hashMatchingNothing, hashPassword, verifyPassword } from '../../platform/passwordHashing.js';
import { openSecret, sealSecret } from '../totp/totpChallenge.js';
import { normalizeAnswer } from './answers.js';
import { SECURITY_QUESTION_KEY } from './questions.js';

/**
 * The user's security question enrollment. The one place that picks it: when a user may have several
 * enrollments of a kind, the engine's choice (ctx.enrollment) replaces this lookup.
 */
export const enrollmentOf = async (ctx: AuthenticatorContext): Promise<AuthenticatorEnrollment | undefined> =>
  (ctx.user ? (await ctx.enrollments()).find((e) => e.authenticatorKey === SECURITY_QUESTION_KEY && e.sealedSecret !== null) : undefined);

/**
 * The answer as stored: its argon2id hash (of the normalised answer, hashed off the event loop),
 * sealed under the enrollment's id. Answers have little entropy, so a hash alone falls to a
 * dictionary; sealed, a copy of the database without the key-encryption key gives nothing to try.
 */
export const sealAnswer = async (ctx: Pick<AuthenticatorContext, 'sealing'>, enrollmentId: string, answer: string): Promise<string> =>
  sealSecret(ctx, enrollmentId, await hashPassword(normalizeAnswer(answer)));

/** Whether `answer` is the enrollment's (the argon2 verification compares in constant time). */
export async function answerMatches(ctx: AuthenticatorContext, enrollment: AuthenticatorEnrollment | undefined, answer: string): Promise<boolean> {
  const hash = enrollment ? openSecret(ctx, enrollment.id, enrollment.sealedSecret!) : await hashMatchingNothing();
  return (await verifyPassword(normalizeAnswer(answer), hash)) && enrollment !== undefined;
}
