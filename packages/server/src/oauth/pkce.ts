import { createHash } from 'node:crypto';
import { safeEqual } from '../platform/crypto.js';

/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
export const CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

/** True when the verifier hashes (S256) to the stored challenge. Only S256 is accepted, as in Okta. */
export function verifyPkce(challenge: string, method: string | null, verifier: string | undefined): boolean {
  if (method !== 'S256' || !verifier || !VERIFIER.test(verifier)) return false;
  return safeEqual(createHash('sha256').update(verifier).digest('base64url'), challenge);
}
