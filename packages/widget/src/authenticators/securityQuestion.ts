import type { Hints } from '../ui/fields.js';
import type { AuthenticatorUi } from './types.js';

/**
 * The security question: enrolling, a question from Okta's list or one's own, and its answer;
 * verifying, the answer, labelled with the question asked.
 */
export const securityQuestion: AuthenticatorUi = {
  key: 'security_question',
  title: (t, _a, enrolling) => t.t(enrolling ? 'oie.security.question.enroll.title' : 'oie.security.question.challenge.title'),
  subtitle: (t, _a, enrolling) => (enrolling ? t.t('oie.security.question.authenticator.description') : undefined),
  passcode: () => ({}),
  hints: (a, enrolling): Hints => (enrolling
    ? {
      credentials: { labelKey: 'oie.security.question.label', optionLabelKeys: ['oie.security.question.questionKey.label', 'oie.security.question.createQuestion.label'] },
      'credentials.questionKey': { labelKey: 'oie.security.question.questionKey.label' },
      'credentials.question': { labelKey: 'latchkey.security.question.create' },
      'credentials.answer': {
        labelKey: 'mfa.challenge.answer.placeholder', autocomplete: 'off', revealKeys: { show: 'oie.challenge.answer.showAnswer', hide: 'oie.challenge.answer.hideAnswer' },
      },
    }
    : { 'credentials.answer': { label: a.contextualData?.enrolledQuestion?.question, autocomplete: 'off' } }),
  controller: (enrolling) => (enrolling ? 'enroll-question' : 'mfa-verify-question'),
};
