import type { View } from './types.js';

/** Username, and the password on the same page when the org's policy puts it there. */
export const identify: View = {
  name: 'identify',
  title: (c) => c.t.t('primaryauth.title'),
  submitLabel: (c) => c.t.t(c.form.value?.some((f) => f.name === 'credentials') ? 'oie.primaryauth.submit' : 'oform.next'),
  hints: () => ({
    identifier: { labelKey: 'primaryauth.username.placeholder', autocomplete: 'username' },
    'credentials.passcode': { labelKey: 'oie.password.label', autocomplete: 'current-password' },
    rememberMe: { labelKey: 'oie.remember' },
  }),
  controller: () => 'primary-auth',
  withoutSignOut: true,
};
