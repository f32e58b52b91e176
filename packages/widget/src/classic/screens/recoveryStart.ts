import { classicForm, type FormAction } from '../form.js';
import { backToSignIn, type ClassicContext, type ClassicScreen } from '../view.js';

type FactorType = 'EMAIL' | 'SMS' | 'CALL';

/** How a recovery begins: its screen's name and words, where it is sent, and each factor's button. */
interface RecoveryStart {
  controller: string;
  titleKey: string;
  usernameKey: string;
  path: 'password' | 'unlock';
  buttonKeys: Record<FactorType, string>;
}

/**
 * The username, and a button per recovery factor the page offers (email always; SMS and call with
 * Okta's features.smsRecovery and callRecovery): POST /api/v1/authn/recovery/{path}.
 */
const recoveryStart = (start: RecoveryStart) => (c: ClassicContext): ClassicScreen => {
  const { baseUrl, relayState, classicFeatures } = c.settings;
  const factorTypes: FactorType[] = ['EMAIL', ...(classicFeatures.smsRecovery ? ['SMS' as const] : []), ...(classicFeatures.callRecovery ? ['CALL' as const] : [])];
  const actions: FormAction[] = factorTypes.map((factorType) => ({
    label: c.t.t(start.buttonKeys[factorType]),
    submit: (values) => c.act.send(`${baseUrl}/api/v1/authn/recovery/${start.path}`, { ...values, factorType, ...(relayState && { relayState }) }),
  }));
  return {
    controller: start.controller,
    title: c.t.t(start.titleKey),
    errors: [],
    notices: [],
    body: [classicForm(c, { fields: [{ name: 'username', labelKey: start.usernameKey, autocomplete: 'username' }], actions })],
    footer: backToSignIn(c),
  };
};

/** "Forgot password?". */
export const forgotPassword = recoveryStart({
  controller: 'forgot-password', titleKey: 'password.reset.title.generic', usernameKey: 'password.forgot.email.or.username.placeholder', path: 'password',
  buttonKeys: { EMAIL: 'password.forgot.sendEmail', SMS: 'password.forgot.sendText', CALL: 'password.forgot.call' },
});

/** "Unlock account?". */
export const unlockAccount = recoveryStart({
  controller: 'account-unlock', titleKey: 'account.unlock.title', usernameKey: 'account.unlock.email.or.username.placeholder', path: 'unlock',
  buttonKeys: { EMAIL: 'account.unlock.sendEmail', SMS: 'account.unlock.sendText', CALL: 'account.unlock.voiceCall' },
});
