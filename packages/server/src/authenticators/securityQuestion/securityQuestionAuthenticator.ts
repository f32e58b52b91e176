import type { Authenticator, VerifyOutcome } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { RateLimiter } from '../../platform/rateLimiter.js';
import { SECURITY_QUESTION_KEY } from './questions.js';
import { answerMatches, enrollmentOf } from './storedAnswers.js';
import { securityQuestionEnrollment } from './securityQuestionEnrollment.js';

/** Answers one user may try, across sign-ins: answers are words a guesser can list, so few tries. */
const ATTEMPTS_PER_USER = { max: 5, windowMs: 15 * 60_000 };

/** The question asked, as challenge() remembers it in the transaction (not a secret). */
interface Asked {
  questionKey?: string;
  question?: string;
}

const wrongAnswer = (): VerifyOutcome => ({ ok: false, error: new EngineError(401, [], false, { 'credentials.answer': [Messages.securityAnswerInvalid] }) });

/**
 * The security question (a knowledge factor): a question the user chose and an answer kept as a
 * sealed argon2id hash of its normalised form. Enrolled by few, so unknown identifiers are not
 * offered it, and never the first factor, so until one is verified an account that has it looks
 * like any other; tries are limited per user in the store.
 */
export const securityQuestionAuthenticator: Authenticator = {
  key: SECURITY_QUESTION_KEY,
  type: SECURITY_QUESTION_KEY,
  displayName: 'Security Question',
  factorClass: 'knowledge',
  amr: 'kba',
  methodType: SECURITY_QUESTION_KEY,
  // Classic names the question by its key and offers Okta's questions only.
  classicFactor: {
    factorType: 'question', provider: 'OKTA',
    enrolledFromProfile: (p) => ({ questionKey: p.question, answer: p.answer }),
    factorProfile: (p) => ({ question: String(p.questionKey ?? ''), questionText: String(p.question ?? '') }),
  },
  enrolledByFew: true,
  secondFactorOnly: true,
  isEnrolled: (_user, enrollments) => enrollments.some((e) => e.authenticatorKey === SECURITY_QUESTION_KEY),

  async challenge(ctx): Promise<Record<string, unknown>> {
    const { questionKey, question } = ((await enrollmentOf(ctx))?.profile ?? {}) as Asked;
    return { questionKey, question } satisfies Asked;
  },

  // As Okta's challenge form: the question's key fixed and hidden (labelled with the question), then the answer.
  answerFields: (challenge = {}) => {
    const { questionKey, question } = challenge as Asked;
    return [
      { name: 'questionKey', label: question, required: true, value: questionKey, visible: false, mutable: false },
      { name: 'answer', label: 'answer', required: true },
    ];
  },

  presentation(_user, _identifier, challenge) {
    const { questionKey, question } = (challenge ?? {}) as Asked;
    if (questionKey === undefined || question === undefined) return {};
    return { profile: { questionKey, question }, contextualData: { enrolledQuestion: { question, questionKey } } };
  },

  async verify(ctx, credentials) {
    const limit = await new RateLimiter(ctx.store, ctx.clock).consume(`security-question:${ctx.user?.id ?? ''}`, ATTEMPTS_PER_USER);
    if (!limit.allowed) throw new EngineError(429, [Messages.tooManyRequests], false);
    const answer = typeof credentials.answer === 'string' ? credentials.answer : '';
    return (await answerMatches(ctx, await enrollmentOf(ctx), answer)) ? { ok: true } : wrongAnswer();
  },
  enrollment: securityQuestionEnrollment,
};
