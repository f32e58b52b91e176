/** The recovery factors of Classic's `/api/v1/authn/recovery/*`: what proves the person, and how Okta spells it back. */
export interface RecoveryFactor {
  /** The request's `factorType`, and the path segment of its verify and resend links. */
  name: 'EMAIL' | 'SMS' | 'CALL';
  /** The password policy's recovery method it is (email, sms, voice). */
  method: 'email' | 'sms' | 'voice';
  /** `factorType` in the answer, as Okta's recorded answers spell it ("sms", but "CALL"). */
  answered: string;
}

const FACTORS: RecoveryFactor[] = [
  { name: 'EMAIL', method: 'email', answered: 'EMAIL' },
  { name: 'SMS', method: 'sms', answered: 'sms' },
  { name: 'CALL', method: 'voice', answered: 'CALL' },
];

/** The factor a request names, in any case; Okta's default when none is named is the email. */
export const recoveryFactorOf = (value: unknown): RecoveryFactor | undefined =>
  value === undefined ? FACTORS[0] : FACTORS.find((f) => typeof value === 'string' && f.name === value.toUpperCase());
