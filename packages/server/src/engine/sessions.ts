import type { Store } from '../store/store.js';
import type { Session } from '../store/repositories/sessions.js';
import type { Verification } from '../store/repositories/idxTransactions.js';
import type { Clock } from '../platform/clock.js';
import { hashSecret } from '../platform/crypto.js';
import { newSecret } from '../platform/ids.js';
import type { SessionRules } from '../policy/sessionPolicy.js';

/** "No lifetime limit" still ends: a session never outlives this. */
const MAX_SESSION_MS = 30 * 24 * 3600_000;

/** A session cookie to set: its secret value and, for persistent cookies, when it expires. */
export interface SessionCookie {
  token: string;
  expiresAt?: number;
}

/**
 * Latchkey sessions: made when a sign-in succeeds, found again by the cookie's secret (stored only
 * hashed), so a later interaction of any app can reuse what was verified.
 */
export class Sessions {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  /** The live session a cookie names, if any. */
  async find(token: string): Promise<Session | undefined> {
    const session = await this.store.sessions.find(hashSecret(token));
    const now = this.clock.now();
    if (!session || session.revokedAt !== null || session.expiresAt <= now || session.idleExpiresAt <= now) return undefined;
    return session;
  }

  /**
   * Sign-out: ends the session a cookie names when it is `userId`'s. Answers whether the cookie can
   * go (false only while it names a live session of someone else).
   */
  async end(token: string, userId: string): Promise<boolean> {
    const session = await this.find(token);
    if (session && session.userId !== userId) return false;
    if (session) await this.store.sessions.revoke(session.idHash, this.clock.now());
    return true;
  }

  /**
   * Records a successful sign-in: in the session the transaction came with (same user), or in a new
   * one whose cookie is answered.
   */
  async signedIn(existing: Session | undefined, userId: string, verified: Verification[], rules: SessionRules): Promise<SessionCookie | undefined> {
    const now = this.clock.now();
    const idleExpiresAt = now + rules.maxSessionIdleMinutes * 60_000;
    if (existing && existing.userId === userId) {
      await this.store.sessions.touch(existing.idHash, merge(existing.verified, verified), now, Math.min(idleExpiresAt, existing.expiresAt));
      return undefined;
    }
    const token = newSecret(32);
    const expiresAt = now + (rules.maxSessionLifetimeMinutes > 0 ? Math.min(rules.maxSessionLifetimeMinutes * 60_000, MAX_SESSION_MS) : MAX_SESSION_MS);
    await this.store.sessions.insert({
      idHash: hashSecret(token), userId, verified, createdAt: now, lastSeenAt: now, expiresAt, idleExpiresAt: Math.min(idleExpiresAt, expiresAt), revokedAt: null,
    });
    return { token, expiresAt: rules.usePersistentCookie ? expiresAt : undefined };
  }
}

/** The latest verification of each authenticator. */
function merge(a: Verification[], b: Verification[]): Verification[] {
  const byKey = new Map<string, Verification>();
  for (const v of [...a, ...b]) {
    const seen = byKey.get(v.authenticatorKey);
    if (!seen || seen.at < v.at) byKey.set(v.authenticatorKey, v);
  }
  return [...byKey.values()];
}
