import type { View } from './types.js';

/** Self-service registration, offered under identify when the org's profile enrollment policy allows it. */
export const selectEnrollProfile: View = {
  name: 'select-enroll-profile',
  title: (c) => c.t.t('registration.signup.text'),
  submitLabel: (c) => c.t.t('registration.signup.text'),
  linkLabel: (c) => c.t.t('registration.signup.text'),
};
