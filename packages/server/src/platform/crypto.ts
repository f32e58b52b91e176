import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Hash of a high-entropy secret (token, code, client secret) for storage and lookup.
 * These secrets carry >= 128 bits, so a fast hash is safe; passwords use passwordHashing.ts.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** HMAC-SHA-256 of a low-entropy secret (a one-time code) under a server key, for storage: unlike a plain hash, not reversed by trying every value. */
export function keyedHash(key: Buffer, secret: string): string {
  return createHmac('sha256', key).update(secret).digest('base64url');
}

/** Constant-time comparison of two strings (lengths are compared through their hashes). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** True when `secret` matches a stored `hashSecret` value, in constant time. */
export function verifySecret(secret: string, storedHash: string): boolean {
  return safeEqual(hashSecret(secret), storedHash);
}
