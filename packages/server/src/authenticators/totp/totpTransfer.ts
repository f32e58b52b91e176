import type { EnrollmentTransfer } from '../authenticator.js';

/** Base32 as authenticator apps show it: spaces and padding are left out, letters upper-cased. */
const normalized = (secret: string): string => secret.replace(/[\s=]/g, '').toUpperCase();
/** 80 bits (16 base32 characters), the least Google Authenticator takes; RFC 4226 recommends 160. */
const MIN_CHARACTERS = 16;

/** A TOTP enrollment in the org file: no profile of its own, the shared secret in base32. */
export const totpTransfer: EnrollmentTransfer = {
  needsSecret: true,
  importEnrollment({ profile, secret }) {
    if (secret === undefined) return { profile, secret: undefined };
    const text = typeof secret === 'string' ? normalized(secret) : '';
    if (!/^[A-Z2-7]+$/.test(text) || text.length < MIN_CHARACTERS) {
      return { problems: [{ path: ['secret'], message: `must be the shared secret in base32 (A-Z, 2-7), at least ${MIN_CHARACTERS} characters` }] };
    }
    return { profile, secret: text };
  },
  exportEnrollment: ({ profile }, secret) => ({ profile, ...(secret !== undefined && { secret }) }),
};
