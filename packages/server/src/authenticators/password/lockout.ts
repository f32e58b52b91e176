import type { AuthenticatorContext } from '../authenticator.js';
import { hashSecret } from '../../platform/crypto.js';
import { normalizeLogin } from '../../store/repositories/users.js';

/**
 * Wrong passwords a day apart do not add up (Keycloak's "failure reset time" does the same): without
 * it an unknown identifier's counter, which cannot be kept for ever, would forget where an account
 * remembers, and a guesser who waits would tell the two apart.
 */
const FAILURES_REMEMBERED_MS = 24 * 3600_000;

/** The store's key of an identifier's counter (wrong passwords for what matches no account with a password). */
export const identifierLockoutKey = (identifier: string): string => hashSecret(`password-lockout:${normalizeLogin(identifier)}`);

/** Where wrong passwords are counted and the lock is kept. */
export interface Lockout {
  lockedUntil: number | null;
  /** Counts a wrong password; answers the failures so far. */
  fail(): Promise<number>;
  lock(until: number): Promise<void>;
  unlock(): Promise<void>;
}

/**
 * The account's own record, or, for an identifier that matches no account with a password, a
 * counter of that identifier in the store: both lock and unlock alike, so a lockout does not tell
 * a real account apart (user enumeration prevention).
 */
export async function lockoutOf({ user, identifier, store, clock }: AuthenticatorContext): Promise<Lockout> {
  const now = clock.now();
  const forgetBefore = now - FAILURES_REMEMBERED_MS;
  if (user?.passwordHash) {
    return {
      lockedUntil: user.lockedUntil,
      fail: () => store.users.recordFailedLogin(user.id, now, forgetBefore),
      lock: (until) => store.users.lockOut(user.id, until, now),
      unlock: () => store.users.unlock(user.id, now),
    };
  }
  const key = identifierLockoutKey(identifier ?? '');
  const counted = await store.identifierLockouts.find(key);
  return {
    lockedUntil: counted?.lockedUntil ?? null,
    fail: () => store.identifierLockouts.recordFailedLogin(key, now, forgetBefore),
    lock: (until) => store.identifierLockouts.lockOut(key, until, now),
    unlock: () => store.identifierLockouts.unlock(key),
  };
}
