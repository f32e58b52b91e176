import type { Authenticator } from '../authenticator.js';
import { Messages } from '../../vocabulary/messages.js';
import { openSecret, passcodeFields, refused, typedCodeStep, TOTP_KEY } from './totpChallenge.js';
import { totpEnrollment } from './totpEnrollment.js';
import { totpTransfer } from './totpTransfer.js';

/**
 * Google Authenticator (any RFC 6238 app): a secret shared once through a QR code, then a code per
 * 30 seconds, each accepted once per enrollment (across processes: the store decides). Nothing is
 * sent, so a challenge costs nothing, for unknown identifiers either.
 */
export const totpAuthenticator: Authenticator = {
  key: TOTP_KEY,
  type: 'app',
  displayName: 'Google Authenticator',
  factorClass: 'possession',
  amr: 'otp',
  methodType: 'otp',
  classicFactor: { factorType: 'token:software:totp', provider: 'GOOGLE', otherProviders: ['OKTA'] },
  enrolledByFew: true,
  isEnrolled: (_user, enrollments) => enrollments.some((e) => e.authenticatorKey === TOTP_KEY),
  answerFields: passcodeFields,
  challenge: async () => ({}),

  async verify(ctx, credentials) {
    const { enrollment } = ctx;
    if (enrollment?.authenticatorKey !== TOTP_KEY || enrollment.sealedSecret === null) return refused(Messages.totpInvalid);
    const step = await typedCodeStep(ctx, openSecret(ctx, enrollment.id, enrollment.sealedSecret), credentials);
    if (step === undefined) return refused(Messages.totpInvalid);
    const fresh = await ctx.store.authenticatorEnrollments.acceptStep(enrollment.id, step, ctx.clock.now());
    return fresh ? { ok: true } : refused(Messages.totpUsed);
  },
  enrollment: totpEnrollment,
  enrollmentTransfer: totpTransfer,
};
