import type { RefreshToken } from '../../store/repositories/tokens.js';

/** A refresh token that may still be used: not revoked, within its absolute and idle lifetimes. */
export function isUsable(t: RefreshToken, now: number): boolean {
  return t.revokedAt === null && (t.expiresAt === null || t.expiresAt > now) && (t.idleExpiresAt === null || t.idleExpiresAt > now);
}
