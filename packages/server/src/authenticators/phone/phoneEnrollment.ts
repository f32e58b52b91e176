import type { Enrollment } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { newId } from '../../platform/ids.js';
import { codeFields, methodOf, PHONE_KEY, sendPhoneCode, verifyPhoneCode, type PhoneChallenge } from './phoneCodes.js';
import { e164 } from './phoneNumbers.js';

/** What enrolling remembers: the number proved by the code sent to it. */
interface Pending extends PhoneChallenge {
  phoneNumber: string;
}

/** Enrolling a phone: the number and method chosen with it (E.164, validated), proved by the code sent there. */
export const phoneEnrollment: Enrollment = {
  possibleFor: () => true,
  fields: codeFields,

  async start(ctx) {
    const method = methodOf(ctx);
    const phoneNumber = e164(ctx.choice.phoneNumber);
    if (!phoneNumber) throw new EngineError(400, [Messages.invalidPhone], false);
    return { phoneNumber, ...(await sendPhoneCode(ctx, phoneNumber, method)) } satisfies Pending;
  },

  async complete(ctx, credentials, data) {
    const outcome = verifyPhoneCode(ctx, credentials, data);
    if (outcome.ok) {
      const now = ctx.clock.now();
      await ctx.store.authenticatorEnrollments.insert({
        id: newId('authenticatorEnrollment'), userId: ctx.user!.id, authenticatorKey: PHONE_KEY, status: 'ACTIVE',
        profile: { phoneNumber: (data as unknown as Pending).phoneNumber }, sealedSecret: null, createdAt: now, lastUsedAt: now, lastStep: null,
      });
    }
    return outcome;
  },
};
