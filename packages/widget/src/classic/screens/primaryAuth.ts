import { link } from '../../ui/dom.js';
import { classicForm } from '../form.js';
import { forgotPassword, unlockAccount } from './recoveryStart.js';
import { inTransaction, type ClassicContext, type ClassicScreen } from '../view.js';

/**
 * Primary authentication: the username and password, POSTed to /api/v1/authn (to the transaction's
 * `next` link with its stateToken when it began UNAUTHENTICATED), with the `relayState` option. `errors`: why it is shown
 * again (a locked account).
 */
export function primaryAuth(c: ClassicContext, errors: string[] = []): ClassicScreen {
  const { t, settings } = c;
  const form = classicForm(c, {
    fields: [
      { name: 'username', labelKey: 'primaryauth.username.placeholder', autocomplete: 'username' },
      { name: 'password', labelKey: 'primaryauth.password.placeholder', secret: true, autocomplete: 'current-password' },
    ],
    actions: [{
      label: t.t('primaryauth.submit'),
      submit: (values) => {
        // As Okta's Classic widget asks: PASSWORD_WARN before a password expires.
        const fields = { ...values, options: { warnBeforePasswordExpired: true }, ...(settings.relayState && { relayState: settings.relayState }) };
        const url = `${settings.baseUrl}/api/v1/authn`;
        // A transaction begun UNAUTHENTICATED (a hosted page's) goes on at its `authenticate` link, with its stateToken.
        if (c.tx?.status === 'UNAUTHENTICATED') c.act.send(c.tx._links?.next?.href ?? url, inTransaction(c, fields));
        else c.act.send(url, fields);
      },
    }],
  });
  return {
    controller: 'primary-auth',
    title: t.t('primaryauth.title'),
    errors,
    notices: [],
    body: [form],
    footer: [
      link(t.t('forgotpassword'), () => c.act.show(forgotPassword)),
      ...(settings.classicFeatures.selfServiceUnlock ? [link(t.t('unlockaccount'), () => c.act.show(unlockAccount))] : []),
    ],
  };
}

/** LOCKED_OUT: primary authentication again, saying so (and pointing at "Unlock account?" when the page offers it). */
export const lockedOut = (c: ClassicContext): ClassicScreen =>
  primaryAuth(c, [c.t.t(c.settings.classicFeatures.selfServiceUnlock ? 'latchkey.lockedOut.unlock' : 'error.auth.lockedOut')]);
