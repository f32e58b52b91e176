import type { Authenticator, AuthenticatorContext } from '../authenticator.js';
import type { AuthenticatorEnrollment } from '../../store/repositories/authenticatorEnrollments.js';
import { codeFields, methodOf, PHONE_KEY, PHONE_METHODS, sendPhoneCode, verifyPhoneCode } from './phoneCodes.js';
import { maskPhone } from './phoneNumbers.js';
import { phoneEnrollment } from './phoneEnrollment.js';

const METHOD_LABELS: Record<string, string> = { sms: 'SMS', voice: 'Voice call' };

/** The user's phone enrollment. The one place that picks it: with several enrollments per kind, this becomes the one being challenged. */
const enrollmentOf = (enrollments: readonly AuthenticatorEnrollment[]): AuthenticatorEnrollment | undefined =>
  enrollments.find((e) => e.authenticatorKey === PHONE_KEY && typeof e.profile.phoneNumber === 'string');

const numberOf = async (ctx: AuthenticatorContext): Promise<string | undefined> =>
  (ctx.user ? enrollmentOf(await ctx.enrollments())?.profile.phoneNumber as string | undefined : undefined);

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
  methods: [...PHONE_METHODS],
  enrolledByFew: true,
  isEnrolled: (_user, enrollments) => enrollmentOf(enrollments) !== undefined,
  choiceFields: (enrolling) => [
    { name: 'methodType', type: 'string', required: false, options: PHONE_METHODS.map((m) => ({ label: METHOD_LABELS[m], value: m })) },
    ...(enrolling ? [{ name: 'phoneNumber', label: 'Phone number', required: false }] : []),
  ],
  answerFields: codeFields,
  presentation(_user, _identifier, enrollments = []) {
    const enrolled = enrollmentOf(enrollments);
    return { resend: true, ...(enrolled && { profile: { phoneNumber: maskPhone(enrolled.profile.phoneNumber as string) } }) };
  },

  async challenge(ctx) {
    const method = methodOf(ctx);
    const to = await numberOf(ctx);
    // Only enrolled users are offered the phone; a lost enrollment is refused like a wrong code.
    return to ? { ...(await sendPhoneCode(ctx, to, method)) } : {};
  },
  verify: async (ctx, credentials, data) => verifyPhoneCode(ctx, credentials, data),
  enrollment: phoneEnrollment,
};
