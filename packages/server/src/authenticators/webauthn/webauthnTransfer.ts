import type { EnrollmentTransfer } from '../authenticator.js';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * A WebAuthn credential in the org file: its id and COSE public key (base64url, neither secret) in
 * the profile beside what was recorded at registration; the relying party (the org's host) must be
 * the same on the new instance, or the credential cannot sign for it.
 */
export const webauthnTransfer: EnrollmentTransfer = {
  needsSecret: false,
  importEnrollment({ profile, secret }) {
    const { credentialId, publicKey, ...recorded } = profile;
    const bad = (field: string) => ({ problems: [{ path: ['profile', field], message: 'must be base64url' }] });
    if (typeof credentialId !== 'string' || !BASE64URL.test(credentialId)) return bad('credentialId');
    if (typeof publicKey !== 'string' || !BASE64URL.test(publicKey)) return bad('publicKey');
    if (secret !== undefined) return { problems: [{ path: ['secret'], message: 'a WebAuthn credential has no secret' }] };
    return { profile: recorded, secret: undefined, credential: { credentialId, publicKey } };
  },
  exportEnrollment: ({ profile, credentialId, publicKey }) => ({ profile: { ...profile, credentialId, publicKey } }),
};
