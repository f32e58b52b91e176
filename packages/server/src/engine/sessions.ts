import type { Store } from '../store/store.js';
import type { Session } from '../store/repositories/sessions.js';
import type { Verification } from '../store/repositories/idxTransactions.js';
import type { Clock } from '../platform/clock.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import type { User } from '../store/repositories/users.js';
import { hashSecret } from '../platform/crypto.js';
import { newSecret } from '../platform/ids.js';
import type { SessionRules } from '../policy/sessionPolicy.js';
import { hashPrefixOf } from './sessionIds.js';

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
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly events: SecurityEventSink) {}

  /** The live session a cookie names, if any. */
  async find(token: string): Promise<Session | undefined> {
    const session = await this.store.sessions.find(hashSecret(token));
    return session && this.live(session) ? session : undefined;
  }

  /** The live session a public id names (see sessionIds.ts): the Sessions API's, which never sees the cookie. */
  async findById(id: string): Promise<Session | undefined> {
    const prefix = hashPrefixOf(id);
    if (prefix === undefined) return undefined;
    return (await this.store.sessions.findByHashPrefix(prefix)).find((s) => this.live(s));
  }

  private live(session: Session): boolean {
    const now = this.clock.now();
    return session.revokedAt === null && session.expiresAt > now && session.idleExpiresAt > now;
  }

  /**
   * Sign-out: ends the session a cookie names when it is `userId`'s. Answers whether the cookie can
   * go (false only while it names a live session of someone else).
   */
  async end(token: string, userId: string, ip: string): Promise<boolean> {
    const session = await this.find(token);
    if (session && session.userId !== userId) return false;
    if (session) await this.revoke(session, ip);
    return true;
  }

  /**
   * Records a successful sign-in. One that only reused the session the browser came with (single
   * sign-on, nothing verified anew) keeps it. One that verified anything (prompt=login, max_age,
   * step-up, another person) gets a new session and cookie, and the old session ends: a cookie
   * someone planted or saw before the sign-in never carries what it proved (session fixation).
   * `keepSignedIn`: the person chose "Keep me signed in": the cookie lasts as long as the session, as under usePersistentCookie.
   */
  async signedIn(existing: Session | undefined, user: User, verified: Verification[], rules: SessionRules, ip: string, keepSignedIn = false): Promise<SessionCookie | undefined> {
    const now = this.clock.now();
    const idleExpiresAt = now + rules.maxSessionIdleMinutes * 60_000;
    const own = existing?.userId === user.id ? existing : undefined;
    if (own && verified.every((v) => own.verified.some((s) => s.authenticatorKey === v.authenticatorKey && s.at >= v.at))) {
      await this.store.sessions.touch(own.idHash, own.verified, now, Math.min(idleExpiresAt, own.expiresAt));
      return undefined;
    }
    if (existing) await this.revoke(existing, ip);
    const token = newSecret(32);
    const expiresAt = now + (rules.maxSessionLifetimeMinutes > 0 ? Math.min(rules.maxSessionLifetimeMinutes * 60_000, MAX_SESSION_MS) : MAX_SESSION_MS);
    await this.store.sessions.insert({
      idHash: hashSecret(token), userId: user.id, verified: merge(own?.verified ?? [], verified), createdAt: now, lastSeenAt: now, expiresAt,
      idleExpiresAt: Math.min(idleExpiresAt, expiresAt), revokedAt: null,
    });
    this.events.record({ eventType: 'user.session.start', outcome: { result: 'SUCCESS' }, actor: { id: user.id, type: 'User', alternateId: user.login }, client: { ipAddress: ip } });
    return { token, expiresAt: rules.usePersistentCookie || keepSignedIn ? expiresAt : undefined };
  }

  /** Keeps a session alive (Okta's session refresh): a new idle deadline, within its lifetime. */
  async refresh(session: Session, rules: SessionRules): Promise<Session> {
    const now = this.clock.now();
    const idleExpiresAt = Math.min(now + rules.maxSessionIdleMinutes * 60_000, session.expiresAt);
    await this.store.sessions.touch(session.idHash, session.verified, now, idleExpiresAt);
    return { ...session, lastSeenAt: now, idleExpiresAt };
  }

  /** Ends a session, whoever asks (sign-out checked it is theirs; an admin may end anyone's). */
  async revoke(session: Session, ip: string): Promise<void> {
    await this.store.sessions.revoke(session.idHash, this.clock.now());
    this.events.record({ eventType: 'user.session.end', outcome: { result: 'SUCCESS' }, actor: { id: session.userId, type: 'User' }, client: { ipAddress: ip } });
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
