import type { AuthenticatorContext } from '../authenticator.js';
import type { AuthenticatorEnrollment } from '../../store/repositories/authenticatorEnrollments.js';
import type { KeyEncryption } from '../../platform/keyEncryption.js';

/** Okta Verify's key: Okta's clients know Latchkey Verify by it. */
export const VERIFY_KEY = 'okta_verify';

/** The user's Latchkey Verify enrollment (one per user for now: the one place to pick it when a user has several). */
export const enrollmentOf = async (ctx: AuthenticatorContext): Promise<AuthenticatorEnrollment | undefined> =>
  ctx.user && (await ctx.enrollments()).find((e) => e.authenticatorKey === VERIFY_KEY);

/**
 * The device's public key is sealed with its enrollment like a secret: not to hide it, but so that
 * whoever can write the database cannot put in a key of their own and approve pushes with it.
 */
const sealContext = (enrollmentId: string): string => `authenticator_enrollments.${enrollmentId}`;
export const sealDeviceKey = (sealing: KeyEncryption, enrollmentId: string, jwk: Record<string, unknown>): string =>
  sealing.seal(JSON.stringify(jwk), sealContext(enrollmentId));
export const openDeviceKey = (sealing: KeyEncryption, enrollment: AuthenticatorEnrollment): Record<string, unknown> =>
  JSON.parse(sealing.open(enrollment.sealedSecret!, sealContext(enrollment.id))) as Record<string, unknown>;
