import type { AuthenticatorUi } from './types.js';

/** The email authenticator: a code to type, or the magic link in the same message (the widget polls). */
export const email: AuthenticatorUi = {
  key: 'okta_email',
  title: (t, a, enrolling) => (enrolling ? t.t('latchkey.enroll.title', [a.displayName ?? 'Email']) : t.t('oie.email.mfa.title')),
  subtitle: (t, a, enrolling) => {
    if (enrolling) return t.t('oie.email.enroll.subtitle');
    const sent = a.profile?.email
      ? t.t('oie.email.verify.alternate.magicLinkToEmailAddress', [a.profile.email])
      : t.t('oie.email.verify.alternate.magicLinkToYourEmail');
    return `${sent} ${t.t('oie.email.verify.alternate.instructions')}`;
  },
  passcode: () => ({ labelKey: 'email.enroll.enterCode', autocomplete: 'one-time-code', inputmode: 'numeric' }),
  controller: (enrolling) => (enrolling ? 'enroll-email' : 'mfa-verify-passcode'),
  resendPromptKey: 'email.code.not.received',
};
