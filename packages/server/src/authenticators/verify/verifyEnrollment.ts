import QRCode from 'qrcode';
import type { AuthenticatorContext, Enrollment } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { hashSecret } from '../../platform/crypto.js';
import { newId, newSecret } from '../../platform/ids.js';
import { enrollmentUri } from './enrollmentUri.js';

/** A QR code can be scanned this long; choosing the channel again shows a new one. */
export const ENROLLMENT_TOKEN_MS = 10 * 60_000;

/** What enrolling remembers in the transaction: the enrollment the device completes, and its token sealed (shown again on every poll). */
interface Pending {
  enrollmentId: string;
  sealedToken: string;
}

const sealContext = (enrollmentId: string): string => `verify_enrollment_tokens.${enrollmentId}`;
const tokenOf = (ctx: AuthenticatorContext, p: Pending): string => ctx.sealing.open(p.sealedToken, sealContext(p.enrollmentId));

/**
 * Enrolling Latchkey Verify: the sign-in page shows a QR code of a one-time URI; the device that
 * scans it enrols its key through the device API (see deviceApi.ts), and the polling client goes on.
 */
export const verifyEnrollment: Enrollment = {
  possibleFor: () => true,
  fields: () => [],

  async start(ctx) {
    const enrollmentId = newId('authenticatorEnrollment');
    const token = newSecret(32);
    await ctx.store.verifyPush.insertEnrollmentToken(hashSecret(token), { enrollmentId, userId: ctx.user!.id }, ctx.clock.now() + ENROLLMENT_TOKEN_MS);
    return { enrollmentId, sealedToken: ctx.sealing.seal(token, sealContext(enrollmentId)) } satisfies Pending;
  },

  async contextualData(ctx, data) {
    const uri = enrollmentUri(ctx.baseUrl, tokenOf(ctx, data as unknown as Pending));
    // The URI in clear too, for a device on which the page itself is open (it cannot scan its own screen).
    return { qrcode: { method: 'embedded', href: await QRCode.toDataURL(uri), type: 'image/png' }, selectedChannel: 'qrcode', enrollmentUri: uri };
  },

  answeredElsewhere: {
    channels: ['qrcode'],
    async answer(ctx, data) {
      const enrollment = await ctx.store.authenticatorEnrollments.findById((data as unknown as Pending).enrollmentId);
      return enrollment && enrollment.userId === ctx.user?.id ? { ok: true } : undefined;
    },
  },

  // Nothing is typed: the device completes the enrollment.
  complete: async () => ({ ok: false, error: new EngineError(400, [Messages.malformed], false) }),
};
