import type { View } from './types.js';

/** Progressive profiling posts its enroll-profile form here; sign-up posts to /enroll/new. */
const isUpdate = (href: string) => href.endsWith('/enroll/update');

/** The sign-up form (the attributes the profile enrollment policy collects), or what a signed-in user's profile lacks. */
export const enrollProfile: View = {
  name: 'enroll-profile',
  title: (c) => c.t.t(isUpdate(c.form.href) ? 'oie.primaryauth.submit' : 'oie.registration.form.title'),
  submitLabel: (c) => c.t.t(isUpdate(c.form.href) ? 'oie.registration.form.update.submit' : 'oie.registration.form.submit'),
  controller: () => 'registration',
};
