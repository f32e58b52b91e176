import type { View } from './types.js';

/** Skipping an optional enrollment: a link under the enrollment choices. */
export const skip: View = {
  name: 'skip',
  title: (c) => c.t.t('oie.enroll.skip.setup'),
  submitLabel: (c) => c.t.t('oie.enroll.skip.setup'),
  linkLabel: (c) => c.t.t('oie.enroll.skip.setup'),
  mfa: true,
};
