import { describeRequirements } from '../../authenticators/passwordRequirements.js';
import type { Values } from '../../idx/body.js';
import { classicForm, type ClassicField } from '../form.js';
import { backToSignIn, inTransaction, linkTo, nextUrl, type ClassicContext, type ClassicScreen } from '../view.js';

const NEW_PASSWORDS: ClassicField[] = [
  { name: 'newPassword', labelKey: 'password.newPassword.placeholder', secret: true, autocomplete: 'new-password' },
  { name: 'confirmPassword', labelKey: 'password.confirmPassword.placeholder', secret: true, autocomplete: 'new-password' },
];

/** The new password typed twice: the same, or the error to show (nothing is sent). */
const newPasswordsMatch = (c: ClassicContext) => (values: Values) => (values.newPassword === values.confirmPassword ? undefined : c.t.t('password.error.match'));

/** Sends the fields but the confirmation, which only the widget checks. */
const withoutConfirmation = ({ confirmPassword: _confirmation, ...values }: Values): Values => values;

const requirements = (c: ClassicContext) => describeRequirements(c.t, c.tx?._embedded?.policy?.complexity);

/** PASSWORD_EXPIRED and PASSWORD_WARN: the old password and a new one (the warning may be skipped: "Remind me later"). */
export function changePassword(c: ClassicContext): ClassicScreen {
  const { t, tx } = c;
  const warning = tx?.status === 'PASSWORD_WARN';
  const days = tx?._embedded?.policy?.expiration?.passwordExpireDays;
  const title = !warning ? t.t('password.expired.title.generic') : days ? t.t('password.expiring.title', [days]) : t.t('password.expiring.today');
  return {
    controller: warning ? 'password-expiry-warning' : 'password-expired',
    title,
    subtitle: requirements(c),
    errors: [],
    notices: [],
    body: [classicForm(c, {
      fields: [{ name: 'oldPassword', labelKey: 'password.oldPassword.placeholder', secret: true, autocomplete: 'current-password' }, ...NEW_PASSWORDS],
      check: newPasswordsMatch(c),
      actions: [{ label: t.t('password.expired.submit'), submit: (values) => c.act.send(nextUrl(c), inTransaction(c, withoutConfirmation(values))) }],
    })],
    footer: [...linkTo(c, t.t('password.expiring.later'), tx?._links?.skip?.href), ...backToSignIn(c, true)],
  };
}

/** PASSWORD_RESET: the new password, after the recovery's factor. */
export function resetPassword(c: ClassicContext): ClassicScreen {
  const { t } = c;
  return {
    controller: 'password-reset',
    title: t.t('password.reset.title.generic'),
    subtitle: requirements(c),
    errors: [],
    notices: [],
    body: [classicForm(c, {
      fields: NEW_PASSWORDS,
      check: newPasswordsMatch(c),
      actions: [{ label: t.t('password.reset'), submit: (values) => c.act.send(nextUrl(c), inTransaction(c, withoutConfirmation(values))) }],
    })],
    footer: backToSignIn(c),
  };
}
