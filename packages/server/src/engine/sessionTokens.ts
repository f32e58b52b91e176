import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { ConfigCache } from '../org/configCache.js';
import type { Verification } from '../store/repositories/idxTransactions.js';
import { hashSecret } from '../platform/crypto.js';
import { newSecret } from '../platform/ids.js';
import { sessionRulesOf } from './sessionRulesOf.js';
import type { Sessions, SessionCookie } from './sessions.js';
import type { Session } from '../store/repositories/sessions.js';

/** Okta's sessionToken lives five minutes. */
const SESSION_TOKEN_TTL_MS = 5 * 60_000;

/**
 * The Classic Engine's one-time sessionToken: what a finished /api/v1/authn sign-in hands the app,
 * which trades it once (at /login/sessionCookieRedirect, or /authorize?sessionToken=) for a session
 * in the browser. Only its hash is stored, with what the sign-in verified; the session it becomes
 * follows the global session policy in force when it is traded.
 */
export class SessionTokens {
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly config: ConfigCache, private readonly sessions: Sessions) {}

  async issue(userId: string, verified: Verification[]): Promise<string> {
    const token = newSecret(32);
    const now = this.clock.now();
    await this.store.sessionTokens.insert({ tokenHash: hashSecret(token), userId, verified, createdAt: now, expiresAt: now + SESSION_TOKEN_TTL_MS });
    return token;
  }

  /**
   * Trades a token for a session: the cookie to set (none when the browser's session of the same
   * user already holds what the token carries), or undefined when the token is unknown, used,
   * expired or its user may no longer sign in. `existing` is the browser's current session (a
   * session of someone else ends, as after any sign-in). `clientId`, the app redeeming it where it is
   * known: the Classic sign-in then counts as that app's (`upgrade status`).
   */
  async redeem(token: string, existing: Session | undefined, ip: string, clientId?: string): Promise<{ cookie?: SessionCookie } | undefined> {
    const issued = await this.store.sessionTokens.consume(hashSecret(token), this.clock.now());
    const user = issued && (await this.store.users.findById(issued.userId));
    if (!issued || user?.status !== 'ACTIVE') return undefined;
    // The counts only inform the upgrade: one that cannot be written must not cost the person their sign-in.
    if (clientId) await this.store.engineSignIns.redeemedBy(clientId).catch(() => undefined);
    const rules = await sessionRulesOf(this.store, this.config, user.id);
    const cookie = await this.sessions.signedIn(existing, user, issued.verified, rules, ip);
    return cookie ? { cookie } : {};
  }
}
