import { verify as latchkeyVerify } from '../../authenticators/verify.js';
import { totpSetup } from '../../views/totpSetup.js';
import { factorLabel } from '../factors.js';
import { classicForm, passCodeField } from '../form.js';
import { backToSignIn, inTransaction, linkTo, messageScreen, type ClassicContext, type ClassicScreen } from '../view.js';
import { factorUnderWay, noFactor } from './factorUnderWay.js';
import { resendLinks } from './resend.js';

/** What a code sent while enrolling says. */
const SENT: Record<string, string> = {
  sms: 'oie.phone.verify.sms.codeSentText.without.phone',
  call: 'oie.phone.verify.mfa.calling.without.phone',
  email: 'oie.email.enroll.subtitle',
};

/**
 * MFA_ENROLL_ACTIVATE: the code that proves the factor works — from the app set up with the QR
 * code or shared secret (TOTP), or sent by SMS, call or email; a push awaits the device scanning
 * its QR code (the flow polls).
 */
export function enrollActivate(c: ClassicContext): ClassicScreen {
  const { t, tx } = c;
  const underWay = factorUnderWay(c);
  if (!underWay) return noFactor(c, 'enroll-activate');
  const { factor, words, next } = underWay;
  const activation = factor._embedded?.activation;
  const scan = { qrcode: { href: activation?._links?.qrcode?.href }, sharedSecret: activation?.sharedSecret, enrollmentUri: activation?.enrollmentUri };
  const footer = [...linkTo(c, t.t('oie.enroll.switch.authenticator'), tx?._links?.prev?.href), ...backToSignIn(c, true)];
  const title = t.t('latchkey.enroll.title', [factorLabel(t, factor)]);
  if (factor.factorType === 'push') {
    return messageScreen('barcode-push', title, { subtitle: t.t('latchkey.verify.enroll.scan'), body: latchkeyVerify.waiting!(t, { contextualData: scan }, true), footer });
  }
  const totp = factor.factorType === 'token:software:totp';
  return {
    controller: totp ? 'barcode-totp' : `enroll-activate-${factor.factorType}`,
    title,
    subtitle: totp ? undefined : t.t(SENT[factor.factorType]),
    errors: [],
    notices: [],
    body: [
      classicForm(c, {
        content: totp ? totpSetup(t, scan) : [],
        fields: [passCodeField(totp ? 'oie.enroll.google_authenticator.enterCode.title' : 'email.enroll.enterCode')],
        actions: [{ label: t.t('mfa.challenge.verify'), submit: (values) => c.act.send(next, inTransaction(c, values)) }],
      }),
      ...resendLinks(c, words.resend ?? 'mfa.resendCode'),
    ],
    footer,
  };
}
