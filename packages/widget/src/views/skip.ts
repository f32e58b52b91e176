import type { View } from './types.js';

/** Skipping an optional enrollment: a link under the enrollment choices. */
export const skip: View = {
  name: 'skip',
  title: (c) => c.t.t('oie.enroll.skip.setup'),
  submitLabel: (c) => c.t.t('oie.enroll.skip.setup'),
  // Beside a password about to expire, Okta's widget says "Remind me later".
  linkLabel: (c) => c.t.t(c.response.remediation?.value.some((r) => r.name === 'reenroll-authenticator-warning') ? 'password.expiring.later' : 'oie.enroll.skip.setup'),
  mfa: true,
};
