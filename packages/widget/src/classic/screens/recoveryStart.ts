import type { Values } from '../../idx/body.js';
import { classicForm, type FormAction } from '../form.js';
import { backToSignIn, type ClassicContext, type ClassicScreen } from '../view.js';

/** The recovery factors the page offers (Okta's features.smsRecovery and callRecovery; email always), each a button with its label key. */
function recoveryActions(c: ClassicContext, path: string, labels: { EMAIL: string; SMS: string; CALL: string }): FormAction[] {
  const { smsRecovery, callRecovery } = c.settings.classicFeatures;
  const factorTypes: Array<keyof typeof labels> = ['EMAIL', ...(smsRecovery ? ['SMS' as const] : []), ...(callRecovery ? ['CALL' as const] : [])];
  return factorTypes.map((factorType) => ({
    label: c.t.t(labels[factorType]),
    submit: (values: Values) => c.act.send(`${c.settings.baseUrl}/api/v1/authn/recovery/${path}`, {
      ...values, factorType, ...(c.settings.relayState && { relayState: c.settings.relayState }),
    }),
  }));
}

/** "Forgot password?": the username, and how to receive the reset (POST /api/v1/authn/recovery/password). */
export const forgotPassword = (c: ClassicContext): ClassicScreen => ({
  controller: 'forgot-password',
  title: c.t.t('password.reset.title.generic'),
  errors: [],
  notices: [],
  body: [classicForm(c, {
    fields: [{ name: 'username', labelKey: 'password.forgot.email.or.username.placeholder', autocomplete: 'username' }],
    actions: recoveryActions(c, 'password', { EMAIL: 'password.forgot.sendEmail', SMS: 'password.forgot.sendText', CALL: 'password.forgot.call' }),
  })],
  footer: backToSignIn(c),
});

/** "Unlock account?": the username, and how to receive the unlock (POST /api/v1/authn/recovery/unlock). */
export const unlockAccount = (c: ClassicContext): ClassicScreen => ({
  controller: 'account-unlock',
  title: c.t.t('account.unlock.title'),
  errors: [],
  notices: [],
  body: [classicForm(c, {
    fields: [{ name: 'username', labelKey: 'account.unlock.email.or.username.placeholder', autocomplete: 'username' }],
    actions: recoveryActions(c, 'unlock', { EMAIL: 'account.unlock.sendEmail', SMS: 'account.unlock.sendText', CALL: 'account.unlock.voiceCall' }),
  })],
  footer: backToSignIn(c),
});
