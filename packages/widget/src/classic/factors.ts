import type { Translator } from '../i18n/translator.js';
import type { AuthnFactor } from './types.js';

/** How each Classic factor the widget can verify and enroll reads: its name and what it does (Okta's widget keys). */
interface FactorWords {
  label: string;
  description: string;
  /** The button that has the code (or the push) sent. */
  send?: string;
  /** The link that sends another. */
  resend?: string;
}

const TOTP = { description: 'factor.totpSoft.description' };
const WORDS: Record<string, FactorWords> = {
  'token:software:totp/GOOGLE': { label: 'factor.totpSoft.googleAuthenticator', ...TOTP },
  'token:software:totp/OKTA': { label: 'factor.totpSoft.oktaVerify', ...TOTP },
  'push/OKTA': { label: 'latchkey.factor.push', description: 'factor.push.description', send: 'oktaverify.send', resend: 'oktaverify.resend' },
  'sms/OKTA': { label: 'factor.sms', description: 'factor.sms.description', send: 'mfa.sendCode', resend: 'mfa.resendCode' },
  'call/OKTA': { label: 'factor.call', description: 'factor.call.description', send: 'mfa.call', resend: 'mfa.redial' },
  'email/OKTA': { label: 'factor.email', description: 'factor.email.description', send: 'email.button.send', resend: 'mfa.resendEmail' },
  'question/OKTA': { label: 'factor.securityQuestion', description: 'factor.securityQuestion.description' },
};

/** The factor's words; undefined for a factor the widget does not offer (WebAuthn, hardware tokens). */
export const factorWords = (f: AuthnFactor): FactorWords | undefined => WORDS[`${f.factorType}/${f.provider}`];

/** The factors the widget can offer that carry the link (`verify`, `enroll`) it would follow, in the server's order. */
export const offeredFactors = (factors: AuthnFactor[] | undefined, link: 'verify' | 'enroll'): AuthnFactor[] =>
  (factors ?? []).filter((f) => factorWords(f) && f._links?.[link]?.href);

export const factorLabel = (t: Translator, f: AuthnFactor): string => t.t(factorWords(f)?.label ?? f.factorType);

/** What tells the factor apart: its masked phone number or email, or its question. */
export const factorDetail = (f: AuthnFactor): string | undefined => f.profile?.phoneNumber ?? f.profile?.email ?? f.profile?.questionText;

/** Verified by a code typed from an app (TOTP) or a question answered: nothing to send first. */
export const answeredHere = (f: AuthnFactor): boolean => f.factorType === 'token:software:totp' || f.factorType === 'question';
