/**
 * How the Classic Engine names each authenticator as a factor (`factorType`, `provider`): one
 * enrollment is both, so a factor enrolled through either API works through the other.
 */
export const CLASSIC_FACTORS: Readonly<Record<string, { factorType: string; provider: string }>> = {
  okta_email: { factorType: 'email', provider: 'OKTA' },
  google_otp: { factorType: 'token:software:totp', provider: 'GOOGLE' },
  phone_number: { factorType: 'sms', provider: 'OKTA' },
  security_question: { factorType: 'question', provider: 'OKTA' },
  webauthn: { factorType: 'webauthn', provider: 'FIDO' },
  okta_verify: { factorType: 'push', provider: 'OKTA' },
};
