import type { Enrollment } from '../authenticator.js';
import { emailOf, sendEmailChallenge, verifyEmailChallenge, type Wording } from './emailChallenge.js';

const VERIFY_WORDING: Wording = {
  subject: 'Verify your email address', intro: 'Your verification code is', linkText: 'Verify my email address',
  ignore: 'If you did not ask to verify this address, ignore this message.',
};

/** Enrolling the email authenticator: proving the profile's address with a code (or the link). */
export const emailEnrollment: Enrollment = {
  possibleFor: (user) => emailOf(user) !== undefined,
  fields: () => [{ name: 'passcode', label: 'Enter code' }],
  start: (ctx) => sendEmailChallenge(ctx, VERIFY_WORDING),

  async complete(ctx, credentials, data) {
    const outcome = await verifyEmailChallenge(ctx, credentials, data);
    if (outcome.ok) {
      const now = ctx.clock.now();
      await ctx.store.users.update(ctx.user!.id, { emailVerifiedAt: now }, now);
    }
    return outcome;
  },
};
