import { verify as latchkeyVerify } from '../../authenticators/verify.js';
import { choiceList } from '../../ui/choices.js';
import { link } from '../../ui/dom.js';
import { answeredHere, factorDetail, factorLabel, factorWords, offeredFactors } from '../factors.js';
import { answerField, classicForm, passCodeField, type ClassicField } from '../form.js';
import type { AuthnFactor } from '../types.js';
import { backToSignIn, inTransaction, linkTo, type ClassicContext, type ClassicScreen } from '../view.js';
import { factorUnderWay, noFactor } from './factorUnderWay.js';
import { resendLinks } from './resend.js';

/** MFA_REQUIRED: one factor is shown at once; several are a choice. */
export function mfaRequired(c: ClassicContext): ClassicScreen {
  const factors = offeredFactors(c.tx?._embedded?.factors, 'verify');
  if (factors.length === 1) return verifyFactor(factors[0], false)(c);
  if (factors.length === 0) return noFactor(c, 'mfa-verify');
  return {
    controller: 'mfa-verify',
    title: c.t.t('oie.select.authenticators.verify.title'),
    subtitle: c.t.t('oie.select.authenticators.verify.subtitle'),
    errors: [],
    notices: [],
    body: [choiceList(factors.map((f) => ({ label: factorLabel(c.t, f), detail: factorDetail(f), choose: () => c.act.show(verifyFactor(f, true)) })))],
    footer: backToSignIn(c, true),
  };
}

/**
 * One factor of MFA_REQUIRED: a code from an app or a question's answer is sent with the verify
 * request itself; a code by SMS, call or email (or a push) is sent for first ("Send code").
 */
const verifyFactor = (factor: AuthnFactor, chosen: boolean) => (c: ClassicContext): ClassicScreen => {
  const { t } = c;
  const words = factorWords(factor)!;
  const verifyUrl = factor._links!.verify!.href;
  const question = factor.factorType === 'question';
  const fields: ClassicField[] = !answeredHere(factor) ? []
    : question ? [answerField(factor.profile?.questionText)]
      : [passCodeField('mfa.challenge.enterCode.placeholder')];
  const label = t.t(answeredHere(factor) ? 'mfa.challenge.verify' : words.send!);
  return {
    controller: 'mfa-verify',
    title: factorLabel(t, factor),
    // The question labels its answer field: not said twice.
    subtitle: [t.t(words.description), !question && factorDetail(factor)].filter(Boolean).join(' '),
    errors: [],
    notices: [],
    body: [classicForm(c, { fields, actions: [{ label, submit: (values) => c.act.send(verifyUrl, inTransaction(c, values)) }] })],
    footer: [...(chosen ? [link(t.t('oie.verification.switch.authenticator'), () => c.act.show(mfaRequired))] : []), ...backToSignIn(c, true)],
  };
};

/** A push's answer, when it is not awaited any more: refused on the device, or expired. */
const PUSH_RESULTS: Record<string, string> = { REJECTED: 'oktaverify.rejected', TIMEOUT: 'oktaverify.timeout' };

/** MFA_CHALLENGE: the code sent is asked, or a push is awaited (the flow polls it). */
export function mfaChallenge(c: ClassicContext): ClassicScreen {
  const { t, tx } = c;
  const underWay = factorUnderWay(c);
  if (!underWay) return noFactor(c, 'mfa-verify');
  const { factor, words, next } = underWay;
  const footer = [...linkTo(c, t.t('oie.verification.switch.authenticator'), tx?._links?.prev?.href), ...backToSignIn(c, true)];
  if (factor.factorType === 'push') {
    const result = PUSH_RESULTS[tx?.factorResult ?? ''];
    const correctAnswer = factor._embedded?.challenge?.correctAnswer;
    const waiting = latchkeyVerify.waiting!(t, { contextualData: { correctAnswer: correctAnswer === undefined ? undefined : String(correctAnswer) } }, false);
    return {
      controller: 'mfa-verify',
      title: factorLabel(t, factor),
      subtitle: result ? undefined : t.t(correctAnswer === undefined ? 'latchkey.verify.push.sent' : 'latchkey.verify.push.number'),
      errors: result ? [t.t(result)] : [],
      notices: [],
      body: result ? resendLinks(c, words.resend!) : waiting,
      footer,
    };
  }
  const email = factor.factorType === 'email';
  return {
    controller: 'mfa-verify',
    title: factorLabel(t, factor),
    subtitle: email ? t.t('email.mfa.email.sent.description', [factor.profile?.email ?? '']) : [t.t(words.description), factorDetail(factor)].filter(Boolean).join(' '),
    errors: [],
    notices: [],
    body: [
      classicForm(c, { fields: [passCodeField('mfa.challenge.enterCode.placeholder')], actions: [{ label: t.t('mfa.challenge.verify'), submit: (values) => c.act.send(next, inTransaction(c, values)) }] }),
      ...resendLinks(c, words.resend!),
    ],
    footer,
  };
}
