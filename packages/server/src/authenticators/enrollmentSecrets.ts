import type { KeyEncryption } from '../platform/keyEncryption.js';

/**
 * An enrollment's secret at rest, sealed under the key-encryption key and bound to its enrollment:
 * it cannot be moved to another row and opened there. The same for every kind, so the org file
 * imports and exports secrets without knowing the kind.
 */
const sealContext = (enrollmentId: string): string => `authenticator_enrollments.${enrollmentId}`;
export const sealEnrollmentSecret = (sealing: KeyEncryption, enrollmentId: string, secret: string): string => sealing.seal(secret, sealContext(enrollmentId));
export const openEnrollmentSecret = (sealing: KeyEncryption, enrollmentId: string, sealed: string): string => sealing.open(sealed, sealContext(enrollmentId));
