import { h } from '../ui/dom.js';
import type { AuthenticatorUi } from './types.js';

/**
 * Latchkey Verify (Okta Verify's key, push): set up by scanning a QR code (or pasting its URI into
 * the device page); verified by a push the device approves, choosing the number shown here.
 */
export const verify: AuthenticatorUi = {
  key: 'okta_verify',
  title: (t, a, enrolling) => (enrolling ? t.t('latchkey.enroll.title', [a.displayName ?? 'Latchkey Verify']) : t.t('latchkey.verify.push.title')),
  subtitle: (t, a, enrolling) => {
    if (enrolling) return t.t('latchkey.verify.enroll.scan');
    return a.contextualData?.correctAnswer ? t.t('latchkey.verify.push.number') : t.t('latchkey.verify.push.sent');
  },
  passcode: () => ({}),
  controller: (enrolling) => (enrolling ? 'enroll-poll' : 'mfa-poll'),
  waiting(t, a, enrolling) {
    const data = a.contextualData ?? {};
    if (enrolling) {
      return [
        data.qrcode?.href ? h('img', { class: 'lk-qrcode', src: data.qrcode.href, alt: t.t('latchkey.verify.enroll.qrAlt'), 'data-se': 'qrcode' }) : null,
        data.enrollmentUri ? h('p', { class: 'lk-hint' }, t.t('latchkey.verify.enroll.cannotScan')) : null,
        data.enrollmentUri ? h('code', { class: 'lk-uri', 'data-se': 'enrollment-uri' }, data.enrollmentUri) : null,
      ].filter((n): n is HTMLElement => n !== null);
    }
    const number = data.correctAnswer ? [h('p', { class: 'lk-number', 'data-se': 'correct-answer' }, data.correctAnswer)] : [];
    return [...number, h('div', { class: 'lk-spinner', 'aria-hidden': 'true' })];
  },
};
