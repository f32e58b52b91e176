import QRCode from 'qrcode';
import type { Enrollment } from '../authenticator.js';
import { Messages } from '../../vocabulary/messages.js';
import { newId } from '../../platform/ids.js';
import { ORG_SETTINGS } from '../../org/configCache.js';
import { newTotpSecret, totpUri } from './totpCodes.js';
import { openSecret, passcodeFields, refused, sealSecret, typedCodeStep, TOTP_KEY } from './totpChallenge.js';

/** What enrolling remembers in the transaction: the id the enrollment will have, its secret sealed under it, the Classic provider chosen (OKTA). */
interface Pending {
  enrollmentId: string;
  sealedSecret: string;
  provider?: string;
}

/** Enrolling an authenticator app: a new secret shown as a QR code (and as text), proved by one of its codes. */
export const totpEnrollment: Enrollment = {
  possibleFor: () => true,
  fields: passcodeFields,

  async start(ctx) {
    const enrollmentId = newId('authenticatorEnrollment');
    const provider = typeof ctx.choice.provider === 'string' ? ctx.choice.provider : undefined;
    return { enrollmentId, sealedSecret: sealSecret(ctx, enrollmentId, newTotpSecret()), ...(provider && { provider }) } satisfies Pending;
  },

  async contextualData(ctx, data) {
    const { enrollmentId, sealedSecret } = data as unknown as Pending;
    const secret = openSecret(ctx, enrollmentId, sealedSecret);
    const issuer = (await ctx.store.settings.get(ORG_SETTINGS.name)) ?? 'Latchkey';
    const href = await QRCode.toDataURL(totpUri(secret, ctx.user!.login, issuer));
    return { qrcode: { method: 'embedded', href, type: 'image/png' }, sharedSecret: secret };
  },

  async complete(ctx, credentials, data) {
    const { enrollmentId, sealedSecret, provider } = data as unknown as Pending;
    const step = await typedCodeStep(ctx, openSecret(ctx, enrollmentId, sealedSecret), credentials);
    if (step === undefined) return refused(Messages.invalidCode);
    const now = ctx.clock.now();
    // The proving code is used: it cannot then sign in.
    await ctx.store.authenticatorEnrollments.insert({
      id: enrollmentId, userId: ctx.user!.id, authenticatorKey: TOTP_KEY, status: 'ACTIVE', profile: provider ? { provider } : {}, sealedSecret, createdAt: now, lastUsedAt: now, lastStep: step,
    });
    return { ok: true };
  },
};
