import type { View } from './types.js';

/** "Stay signed in?" once the sign-in is complete (Okta's post-auth Keep me signed in): two answers, as Okta's widget shows them. */
export const keepMeSignedIn: View = {
  name: 'keep-me-signed-in',
  title: (c) => c.t.t('oie.kmsi.title'),
  subtitle: (c) => c.t.t('oie.kmsi.subtitle'),
  answers: (c) => [
    { label: c.t.t('oie.kmsi.accept'), values: { keepMeSignedIn: true } },
    { label: c.t.t('oie.kmsi.reject'), values: { keepMeSignedIn: false } },
  ],
  withoutSignOut: true,
};
