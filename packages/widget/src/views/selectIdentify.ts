import type { View } from './types.js';

/** From the sign-up form back to signing in with an account. */
export const selectIdentify: View = {
  name: 'select-identify',
  title: (c) => c.t.t('haveaccount'),
  linkLabel: (c) => c.t.t('haveaccount'),
};
