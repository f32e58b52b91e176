import type { IdxAuthenticator } from '../idx/types.js';
import type { Translator } from '../i18n/translator.js';
import type { AuthenticatorUi } from './types.js';

/** The method of the challenge under way: the only one listed once a method was chosen. */
const chosenMethod = (a: IdxAuthenticator): string | undefined => (a.methods?.length === 1 ? a.methods[0].type : undefined);

function sentText(t: Translator, a: IdxAuthenticator): string {
  if (chosenMethod(a) === 'voice') return t.t('oie.phone.verify.mfa.calling.without.phone');
  const number = a.profile?.phoneNumber;
  return number ? `${t.t('oie.phone.verify.sms.codeSentText')} ${number}. ${t.t('oie.phone.verify.enterCodeText')}` : t.t('oie.phone.verify.sms.codeSentText.without.phone');
}

/** The phone: the number and method chosen first (enrolling) or the method (verifying), then the code texted or read out. */
export const phone: AuthenticatorUi = {
  key: 'phone_number',
  title: (t, _a, enrolling) => t.t(enrolling ? 'oie.phone.enroll.title' : 'oie.phone.verify.title'),
  subtitle: (t, a) => sentText(t, a),
  passcode: () => ({ labelKey: 'email.enroll.enterCode', autocomplete: 'one-time-code', inputmode: 'numeric' }),
  controller: (enrolling) => (enrolling ? 'enroll-sms' : 'mfa-verify-passcode'),
  resendPromptKey: 'latchkey.phone.notReceived',
  choice: (enrolling) => ({
    subtitle: (t, a) => (enrolling ? t.t('latchkey.phone.enroll.subtitle') : t.t('latchkey.phone.verify.subtitle', [a.profile?.phoneNumber ?? ''])),
    hints: {
      'authenticator.methodType': { labelKey: 'latchkey.phone.method', optionKeys: { sms: 'oie.phone.enroll.sms.label', voice: 'oie.phone.enroll.voice.label' } },
      'authenticator.phoneNumber': { labelKey: 'mfa.phoneNumber.placeholder', autocomplete: 'tel', inputmode: 'tel' },
    },
    submitKey: 'latchkey.phone.send',
    controller: enrolling ? 'enroll-sms' : 'mfa-verify',
  }),
};
