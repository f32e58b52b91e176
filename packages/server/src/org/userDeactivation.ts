import type { SecurityEvent } from '../platform/securityEvents.js';
import type { UserStatus } from '../store/repositories/users.js';
import type { Repositories } from '../store/store.js';

/** Statuses in which a user has no access at all: entering one ends their sessions and grants. */
const DEACTIVATED: readonly UserStatus[] = ['SUSPENDED', 'DEPROVISIONED'];

/** True when a change of status takes the user's access away (so what they hold must end). */
export const endsAccess = (from: UserStatus, to: UserStatus): boolean => !DEACTIVATED.includes(from) && DEACTIVATED.includes(to);

/** A user whose access ended, and what was ended: for the security events once the change is committed. */
export interface AccessEnded {
  user: { id: string; login: string };
  status: UserStatus;
  sessions: number;
  grants: number;
}

/**
 * A user's access ends: every session of theirs and every token family (refresh tokens and the access
 * tokens issued with them) is revoked, and codes and Classic sessionTokens not yet redeemed are spent. Revocations are kept, so
 * reactivating the user revives none of them. Run it in the transaction that changes the status, so
 * both happen or neither.
 */
export async function endUserAccess(repos: Repositories, user: { id: string; login: string }, status: UserStatus, now: number): Promise<AccessEnded> {
  return { user, status, ...(await endSessionsAndGrants(repos, user.id, `user_${status.toLowerCase()}`, now)) };
}

/** What of a user's is ended besides their sessions (Okta's `oauthTokens` and `forgetDevices`; both unless told). */
export interface Ends {
  oauthTokens?: boolean;
  forgetDevices?: boolean;
}

/**
 * Ends what a user holds from earlier sign-ins: sessions and Classic sessionTokens not yet redeemed
 * (one redeemed later would start a session from the old sign-in); with `oauthTokens`, token
 * families (`reason` recorded on them) and codes not yet redeemed (one would start a grant); with
 * `forgetDevices`, devices remembered for MFA ("Keep me signed in"). Answers how many sessions and grants ended.
 */
export async function endSessionsAndGrants(repos: Repositories, userId: string, reason: string, now: number, ends: Ends = {}): Promise<{ sessions: number; grants: number }> {
  const sessions = await repos.sessions.revokeAllOf(userId, now);
  await repos.sessionTokens.voidOf(userId, now);
  let grants = 0;
  if (ends.oauthTokens ?? true) {
    grants = await repos.tokens.revokeFamiliesOfUser(userId, reason, now);
    await repos.tokens.voidCodesOfUser(userId, now);
  }
  if (ends.forgetDevices ?? true) await repos.signInHistory.forgetMfa(userId);
  return { sessions, grants };
}

/** The System Log records of an ended access: the sessions cleared and the tokens revoked. */
export function accessEndedEvents(ended: AccessEnded): SecurityEvent[] {
  const target = [{ id: ended.user.id, type: 'User', alternateId: ended.user.login }];
  const actor = { id: 'system', type: 'SystemPrincipal' as const };
  const reason = `User ${ended.status.toLowerCase()}`;
  return [
    { eventType: 'user.session.clear', outcome: { result: 'SUCCESS', reason: `${reason}: ${ended.sessions} session(s) ended.` }, actor, target },
    { eventType: 'app.oauth2.as.token.revoke', outcome: { result: 'SUCCESS', reason: `${reason}: ${ended.grants} grant(s) revoked.` }, actor, target },
  ];
}
