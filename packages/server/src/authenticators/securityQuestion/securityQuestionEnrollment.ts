import type { AuthenticatorContext, Enrollment } from '../authenticator.js';
import type { Field } from '../../vocabulary/fields.js';
import { EngineError } from '../../vocabulary/errors.js';
import { newId } from '../../platform/ids.js';
import { checkChoice, DEFAULT_ANSWER_MIN_LENGTH } from './answers.js';
import { CUSTOM_QUESTION_KEY, PREDEFINED_QUESTIONS, SECURITY_QUESTION_KEY } from './questions.js';
import { sealAnswer } from './storedAnswers.js';

const answerField: Field = { name: 'answer', label: 'Answer', required: true, secret: true };

/** The org file's `answerMinLength` (Okta's 4 unless raised). */
export const answerMinLength = async (ctx: Pick<AuthenticatorContext, 'authenticatorSettings'>): Promise<number> => {
  const { answerMinLength: configured } = await ctx.authenticatorSettings(SECURITY_QUESTION_KEY);
  return typeof configured === 'number' ? configured : DEFAULT_ANSWER_MIN_LENGTH;
};

/** Choosing a question (Okta's list, or one of the person's own) and its answer; the answer is kept only hashed and sealed. */
export const securityQuestionEnrollment: Enrollment = {
  possibleFor: () => true,
  // As Okta's enroll-authenticator: two alternative forms, a chosen question or a custom one.
  fields: () => ({
    options: [
      {
        label: 'Choose a security question',
        form: [
          {
            name: 'questionKey', type: 'string', label: 'Choose a security question', required: true,
            options: PREDEFINED_QUESTIONS.map((q) => ({ label: q.question, value: q.questionKey })),
          },
          answerField,
        ],
      },
      {
        label: 'Create my own security question',
        form: [
          { name: 'questionKey', required: true, value: CUSTOM_QUESTION_KEY, mutable: false },
          { name: 'question', label: 'Create a security question', required: true },
          answerField,
        ],
      },
    ],
  }),
  contextualData: async () => ({
    questionKeys: [...PREDEFINED_QUESTIONS.map((q) => q.questionKey), CUSTOM_QUESTION_KEY],
    questions: PREDEFINED_QUESTIONS,
  }),
  start: async () => ({}),

  async complete(ctx, credentials) {
    const choice = checkChoice(credentials, await answerMinLength(ctx));
    if (!choice.ok) return { ok: false, error: new EngineError(400, [], false, choice.fieldMessages) };
    const id = newId('authenticatorEnrollment');
    const now = ctx.clock.now();
    await ctx.store.authenticatorEnrollments.insert({
      id, userId: ctx.user!.id, authenticatorKey: SECURITY_QUESTION_KEY, status: 'ACTIVE',
      profile: { questionKey: choice.questionKey, question: choice.question },
      sealedSecret: await sealAnswer(ctx, id, choice.answer), createdAt: now, lastUsedAt: now, lastStep: null,
    });
    return { ok: true };
  },
};
