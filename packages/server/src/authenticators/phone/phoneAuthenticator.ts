import { phoneTransfer } from './phoneTransfer.js';
import type { Authenticator, AuthenticatorContext } from '../authenticator.js';
import type { AuthenticatorEnrollment } from '../../store/repositories/authenticatorEnrollments.js';
import { codeFields, methodOf, PHONE_KEY, PHONE_METHODS, sendPhoneCode, verifyPhoneCode } from './phoneCodes.js';
import { maskPhone } from './phoneNumbers.js';
import { phoneEnrollment } from './phoneEnrollment.js';

const METHOD_LABELS: Record<string, string> = { sms: 'SMS', voice: 'Voice call' };

const isPhone = (e: AuthenticatorEnrollment): boolean => e.authenticatorKey === PHONE_KEY && typeof e.profile.phoneNumber === 'string';

/** The number of the phone being challenged (the one chosen when the user has several). */
const numberOf = (ctx: AuthenticatorContext): string | undefined =>
  (ctx.user && ctx.enrollment && isPhone(ctx.enrollment) ? ctx.enrollment.profile.phoneNumber as string : undefined);

/**
 * The phone: a 6-digit code by text message or voice call to an enrolled number, single use,
 * expiring, stored only as its HMAC, sent within a cool-down and limits per user and per number.
 * Few accounts have one (enrolledByFew), so an unknown identifier is never offered it.
 */
export const phoneAuthenticator: Authenticator = {
  key: PHONE_KEY,
  type: 'phone',
  displayName: 'Phone',
  factorClass: 'possession',
  amr: 'sms',
  methodType: 'sms',
  classicFactor: { factorType: 'sms', provider: 'OKTA', methodFactorTypes: { voice: 'call' } },
  methods: [...PHONE_METHODS],
  enrolledByFew: true,
  isEnrolled: (_user, enrollments) => enrollments.some(isPhone),
  choiceFields: (enrolling) => [
    { name: 'methodType', type: 'string', required: false, options: PHONE_METHODS.map((m) => ({ label: METHOD_LABELS[m], value: m })) },
    ...(enrolling ? [{ name: 'phoneNumber', label: 'Phone number', required: false }] : []),
  ],
  answerFields: codeFields,
  presentation: () => ({ resend: true }),
  enrollmentProfile: (e) => ({ phoneNumber: maskPhone(e.profile.phoneNumber as string) }),

  async challenge(ctx) {
    const method = methodOf(ctx);
    const to = numberOf(ctx);
    // Only enrolled users are offered the phone; a lost enrollment is refused like a wrong code.
    return to ? { ...(await sendPhoneCode(ctx, to, method)) } : {};
  },
  verify: async (ctx, credentials, data) => verifyPhoneCode(ctx, credentials, data),
  enrollment: phoneEnrollment,
  enrollmentTransfer: phoneTransfer,
};
