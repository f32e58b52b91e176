import { choiceList } from '../../ui/choices.js';
import { link } from '../../ui/dom.js';
import { authnList } from '../client.js';
import { factorLabel, factorWords, offeredFactors } from '../factors.js';
import { answerField, classicForm, type ClassicField } from '../form.js';
import type { AuthnFactor } from '../types.js';
import { noFactor } from './factorUnderWay.js';
import { backToSignIn, inTransaction, linkTo, type ClassicContext, type ClassicScreen, type ClassicView } from '../view.js';

/** POSTs the factor's enroll link with what names it (and `profile`: a phone number, a question and its answer). */
const enroll = (c: ClassicContext, factor: AuthnFactor, profile?: Record<string, unknown>) =>
  c.act.send(factor._links!.enroll!.href, inTransaction(c, { factorType: factor.factorType, provider: factor.provider, ...(profile && { profile }) }));

/** MFA_ENROLL: the factors to set up, a choice each; "Skip set up" when they are all optional. */
export function mfaEnroll(c: ClassicContext): ClassicScreen {
  const { t, tx } = c;
  const factors = offeredFactors(tx?._embedded?.factors, 'enroll').filter((f) => f.status !== 'ACTIVE');
  const footer = [...linkTo(c, t.t('oie.enroll.skip.setup'), tx?._links?.skip?.href), ...backToSignIn(c, true)];
  if (factors.length === 0) return noFactor(c, 'enroll-choices', { title: t.t('enroll.choices.title'), footer });
  return {
    controller: 'enroll-choices',
    title: t.t('enroll.choices.title'),
    subtitle: t.t('enroll.choices.description.generic'),
    errors: [],
    notices: [],
    body: [choiceList(factors.map((f) => ({ label: factorLabel(t, f), detail: t.t(factorWords(f)!.description), choose: () => chooseToEnroll(c, f) })))],
    footer,
  };
}

/** A phone or a question is asked for first; the others are enrolled at once (their activation shows what to do). */
function chooseToEnroll(c: ClassicContext, factor: AuthnFactor): void {
  if (factor.factorType === 'sms' || factor.factorType === 'call') return c.act.show(enrollForm(factor, [{ name: 'phoneNumber', labelKey: 'mfa.phoneNumber.placeholder', autocomplete: 'tel', inputmode: 'tel' }], 'latchkey.phone.enroll.subtitle'));
  const questions = factor._links?.questions?.href;
  if (factor.factorType === 'question' && questions) return c.act.showWhenLoaded(questionForm(factor, questions));
  enroll(c, factor);
}

/** The security questions to choose from (the factor's `questions` link), then the form. */
async function questionForm(factor: AuthnFactor, url: string): Promise<ClassicView> {
  const questions = await authnList<{ question: string; questionText: string }>(url);
  return enrollForm(factor, [
    { name: 'question', labelKey: 'oie.security.question.questionKey.label', options: questions.map((q) => ({ label: q.questionText, value: q.question })) },
    answerField(),
  ]);
}

/** What a factor needs to be enrolled with (its `profile`), under the factor's name. */
const enrollForm = (factor: AuthnFactor, fields: ClassicField[], subtitleKey?: string): ClassicView => (c) => {
  const { t } = c;
  const words = factorWords(factor)!;
  return {
    controller: `enroll-${factor.factorType}`,
    title: t.t('latchkey.enroll.title', [factorLabel(t, factor)]),
    subtitle: subtitleKey && t.t(subtitleKey),
    errors: [],
    notices: [],
    body: [classicForm(c, { fields, actions: [{ label: t.t(words.send ?? 'oform.next'), submit: (values) => enroll(c, factor, values) }] })],
    footer: [link(t.t('oie.enroll.switch.authenticator'), () => c.act.show(mfaEnroll)), ...backToSignIn(c, true)],
  };
};
