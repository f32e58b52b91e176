import type { View } from './types.js';

/** "Unlock account?" under the identify form: it has no fields, so the link begins the unlock at once. */
export const unlockAccount: View = {
  name: 'unlock-account',
  title: (c) => c.t.t('account.unlock.title'),
  linkLabel: (c) => c.t.t('unlockaccount'),
};

/** Who is locked out (username) and the authenticator to prove it with (one radio button each), then Next. */
export const selectAuthenticatorUnlockAccount: View = {
  name: 'select-authenticator-unlock-account',
  title: (c) => c.t.t('account.unlock.title'),
  subtitle: (c) => c.t.t('account.unlock.authenticatorRequired.multiple'),
  hints: () => ({ identifier: { labelKey: 'primaryauth.username.placeholder', autocomplete: 'username' } }),
  controller: () => 'unlock-account',
};
