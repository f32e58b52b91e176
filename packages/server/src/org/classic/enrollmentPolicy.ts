import type { Policy } from '../../store/repositories/policies.js';
import { enrollmentPolicyOf, type EnrollmentRequirement } from '../../policy/enrollmentPolicy.js';
import type { Person } from '../../policy/people.js';
import type { PolicyDraft } from './draft.js';

/** Classic MFA enrollment factors and the Identity Engine authenticators each becomes (the mapping of Okta's upgrade). */
export const FACTOR_AUTHENTICATORS: Readonly<Record<string, readonly string[]>> = {
  okta_otp: ['okta_verify', 'google_otp'],
  okta_push: ['okta_verify'],
  google_otp: ['google_otp'],
  okta_sms: ['phone_number'],
  okta_call: ['phone_number'],
  okta_question: ['security_question'],
  okta_email: ['okta_email'],
  fido_webauthn: ['webauthn'],
};
export const CLASSIC_FACTORS = Object.keys(FACTOR_AUTHENTICATORS);

/** A Classic MFA_ENROLL policy's settings: `{ type: 'FACTORS', factors: { okta_sms: { enroll: { self } } } }`. */
export interface ClassicFactorSettings {
  type: 'FACTORS';
  factors: Record<string, { enroll?: { self?: EnrollmentRequirement } }>;
}

export const isClassicEnrollment = (settings: Record<string, unknown>): settings is Record<string, unknown> & ClassicFactorSettings => settings.type === 'FACTORS';

const STRENGTH: Record<EnrollmentRequirement, number> = { NOT_ALLOWED: 0, OPTIONAL: 1, REQUIRED: 2 };

/**
 * Authenticators from factors: two factors of one authenticator (SMS and voice call are both the
 * phone) give it the stronger of their requirements. The password stays required, as Classic has it.
 */
export function authenticatorsOf(settings: ClassicFactorSettings): Array<{ key: string; enroll: { self: EnrollmentRequirement } }> {
  const strongest = new Map<string, EnrollmentRequirement>([['okta_password', 'REQUIRED']]);
  for (const [factor, { enroll }] of Object.entries(settings.factors)) {
    const self = enroll?.self ?? 'NOT_ALLOWED';
    for (const key of FACTOR_AUTHENTICATORS[factor] ?? []) {
      const known = strongest.get(key);
      if (known === undefined || STRENGTH[self] > STRENGTH[known]) strongest.set(key, self);
    }
  }
  return [...strongest].map(([key, self]) => ({ key, enroll: { self } }));
}

/**
 * What the person's Classic MFA enrollment policy says of each factor it lets them enroll, by Classic
 * key, in the policy's order (undefined: no Classic policy applies). Classic authn lists each of these
 * factors on its own; the Identity Engine policies above only know their authenticators.
 */
export function classicFactorsFor(classic: Policy[], person: Person): Record<string, 'REQUIRED' | 'OPTIONAL'> | undefined {
  const settings = enrollmentPolicyOf(classic, person)?.settings;
  if (!settings || !isClassicEnrollment(settings)) return undefined;
  return Object.fromEntries(Object.entries(settings.factors).flatMap(([factor, { enroll }]) =>
    (enroll?.self === 'REQUIRED' || enroll?.self === 'OPTIONAL' ? [[factor, enroll.self]] : [])));
}

/** Authenticator enrollment policies: the same policies and rules (`actions.enroll.self` means the same), settings by authenticator. */
export function authenticatorEnrollmentPolicies(classic: Policy[]): PolicyDraft[] {
  return classic.filter((p) => p.type === 'MFA_ENROLL' && isClassicEnrollment(p.settings)).map(({ id: _id, rules, settings, ...p }) => ({
    ...p,
    settings: { type: 'AUTHENTICATORS', authenticators: authenticatorsOf(settings as unknown as ClassicFactorSettings) },
    rules: rules.map(({ id: _rule, ...r }) => r),
  }));
}
