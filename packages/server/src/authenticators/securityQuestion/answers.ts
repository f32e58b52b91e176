import { Messages, type Message } from '../../vocabulary/messages.js';
import { CUSTOM_QUESTION_KEY, predefinedQuestion } from './questions.js';

/** Okta's shortest answer, and the default of the org file's `answerMinLength`. */
export const DEFAULT_ANSWER_MIN_LENGTH = 4;
/** A custom question must say something and fit on a screen. */
const QUESTION_LENGTH = { min: 4, max: 100 };
/** Answers are hashed with argon2: their length is bounded like a password's. */
const ANSWER_MAX_LENGTH = 255;

/**
 * The same answer however it is typed: NFKC, case-folded (upper then lower case folds ß to ss),
 * trimmed, inner whitespace as one space. Only this form is hashed.
 */
export const normalizeAnswer = (answer: string): string =>
  answer.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').trim().replace(/\s+/gu, ' ');

/** The words of a text as answers are compared: normalised, without punctuation. */
const wordsOf = (text: string): string[] => normalizeAnswer(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** An answer that repeats the question, or is one of its words ("food" to "What is the food…?"), gives nothing to guess. */
function givesQuestionAway(answer: string, question: string): boolean {
  const answerText = wordsOf(answer).join(' ');
  const questionWords = wordsOf(question);
  return questionWords.includes(answerText) || ` ${answerText} `.includes(` ${questionWords.join(' ')} `);
}

/** A question and answer the person chose, checked: the question to store, or the messages of each field that is wrong. */
export type CheckedChoice = { ok: true; questionKey: string; question: string; answer: string } | { ok: false; fieldMessages: Record<string, Message[]> };

const refused = (field: string, message: Message): CheckedChoice => ({ ok: false, fieldMessages: { [`credentials.${field}`]: [message] } });
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Checks what the enroll form sent: a predefined questionKey, or `custom` with the question; then the answer against Okta's rules. */
export function checkChoice(credentials: Record<string, unknown>, answerMinLength: number): CheckedChoice {
  const questionKey = text(credentials.questionKey).trim();
  if (!questionKey) return refused('questionKey', Messages.requiredField('questionKey'));
  const question = questionKey === CUSTOM_QUESTION_KEY ? text(credentials.question).trim().replace(/\s+/gu, ' ') : predefinedQuestion(questionKey);
  if (question === undefined) return refused('questionKey', Messages.valueNotAllowed);
  if (questionKey === CUSTOM_QUESTION_KEY) {
    if (!question) return refused('question', Messages.requiredField('question'));
    if (/<[^>]*>/.test(question)) return refused('question', Messages.tagsNotAllowed);
    if ([...question].length < QUESTION_LENGTH.min) return refused('question', Messages.fieldTooShort);
    if ([...question].length > QUESTION_LENGTH.max) return refused('question', Messages.fieldTooLong);
  }
  const answer = text(credentials.answer);
  const length = [...normalizeAnswer(answer)].length;
  if (length < answerMinLength) return refused('answer', Messages.securityAnswerTooShort(answerMinLength));
  if (length > ANSWER_MAX_LENGTH) return refused('answer', Messages.fieldTooLong);
  if (givesQuestionAway(answer, question)) return refused('answer', Messages.securityAnswerInQuestion);
  return { ok: true, questionKey, question, answer };
}
