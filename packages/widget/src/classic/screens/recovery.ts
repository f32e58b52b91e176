import { h } from '../../ui/dom.js';
import { answerField, classicForm, passCodeField } from '../form.js';
import { resendLinks } from './resend.js';
import { backToSignIn, inTransaction, messageScreen, nextUrl, type ClassicContext, type ClassicScreen } from '../view.js';

const isUnlock = (c: ClassicContext) => c.tx?.recoveryType === 'UNLOCK';

/**
 * RECOVERY_CHALLENGE: an emailed link is on its way ("Email sent!", nothing more to do here), or
 * the code texted or called is asked.
 */
export function recoveryChallenge(c: ClassicContext): ClassicScreen {
  const { t, tx } = c;
  if (!tx?.stateToken) {
    const [title, desc] = isUnlock(c) ? ['account.unlock.emailSent.title', 'account.unlock.emailSent.desc'] : ['password.forgot.emailSent.title', 'password.forgot.emailSent.desc'];
    return messageScreen(isUnlock(c) ? 'account-unlock-email-sent' : 'password-reset-email-sent', t.t(title), {
      subtitle: t.t(desc, [c.username ?? '']),
      footer: backToSignIn(c),
    });
  }
  // Okta answers the factorType in lower case here (`sms`, `call`).
  const call = tx.factorType?.toUpperCase() === 'CALL';
  return {
    controller: 'recovery-challenge',
    title: t.t(call ? 'recoveryChallenge.call.title' : 'recoveryChallenge.sms.title'),
    errors: [],
    notices: [],
    body: [
      classicForm(c, {
        fields: [passCodeField('mfa.challenge.enterCode.placeholder')],
        actions: [{ label: t.t('mfa.challenge.verify'), submit: (values) => c.act.send(nextUrl(c), inTransaction(c, values)) }],
      }),
      ...resendLinks(c, call ? 'mfa.redial' : 'mfa.resendCode'),
    ],
    footer: backToSignIn(c),
  };
}

/** RECOVERY: the recovery question the password policy asks after the factor. */
export function recoveryQuestion(c: ClassicContext): ClassicScreen {
  const { t, tx } = c;
  const question = tx?._embedded?.user?.recovery_question?.question;
  return {
    controller: 'recovery-question',
    title: t.t('password.forgot.question.title'),
    errors: [],
    notices: [],
    body: [classicForm(c, {
      fields: [answerField(question)],
      actions: [{ label: t.t('password.forgot.question.submit'), submit: (values) => c.act.send(nextUrl(c), inTransaction(c, values)) }],
    })],
    footer: backToSignIn(c),
  };
}

/** SUCCESS of an unlock: the account is unlocked; the person signs in with their password. */
export const accountUnlocked = (c: ClassicContext): ClassicScreen =>
  messageScreen('account-unlocked', c.t.t('account.unlock.unlocked.title'), {
    subtitle: c.t.t('account.unlock.unlocked.desc'),
    body: [h('button', { type: 'button', class: 'lk-button', onclick: c.act.restart }, c.t.t('goback'))],
  });
