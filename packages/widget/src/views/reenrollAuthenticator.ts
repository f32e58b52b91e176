import { describeRequirements, type Complexity } from '../authenticators/passwordRequirements.js';
import type { View, ViewContext } from './types.js';

const requirements = (c: ViewContext) => describeRequirements(c.t, c.authenticator?.settings?.complexity as Complexity | undefined);
const newPassword = { 'credentials.passcode': { labelKey: 'oie.password.newPasswordLabel', autocomplete: 'new-password' } };

/** The password expired: a new one, under the policy's rules, before the sign-in goes on. */
export const reenrollAuthenticator: View = {
  name: 'reenroll-authenticator',
  title: (c) => c.t.t('password.expired.title.generic'),
  subtitle: requirements,
  submitLabel: (c) => c.t.t('password.expired.submit'),
  hints: () => newPassword,
  controller: () => 'password-expired',
  mfa: true,
};

/** The password expires within days: change it now, or "Remind me later" (skip). */
export const reenrollAuthenticatorWarning: View = {
  name: 'reenroll-authenticator-warning',
  title: (c) => {
    const days = c.authenticator?.settings?.daysToExpiry;
    return typeof days === 'number' && days > 0 ? c.t.t('password.expiring.title', [days]) : c.t.t('password.expiring.today');
  },
  subtitle: requirements,
  submitLabel: (c) => c.t.t('password.expired.submit'),
  hints: () => newPassword,
  controller: () => 'password-expiry-warning',
  mfa: true,
};
