import type { Store } from '../store/store.js';
import type { SecurityEvent, SecurityEventSink } from '../platform/securityEvents.js';
import { endSessionsAndGrants, type Ends } from './userDeactivation.js';

/** Who asked, as the System Log names an actor. */
type Actor = NonNullable<SecurityEvent['actor']>;

/**
 * An administrator ends every session of a user (Okta's Clear User Sessions), and with
 * `oauthTokens` their OAuth grants; `forgetDevices` (Okta's default) forgets the devices remembered
 * for MFA. The user stays active: they sign in again. Recorded in the System Log.
 */
export async function clearUserSessions(deps: { store: Store; events: SecurityEventSink }, user: { id: string; login: string }, ends: Required<Ends>, actor: Actor, now: number): Promise<void> {
  const ended = await deps.store.transaction((repos) => endSessionsAndGrants(repos, user.id, 'admin_cleared_sessions', now, ends));
  const target = [{ id: user.id, type: 'User', alternateId: user.login }];
  deps.events.record({ eventType: 'user.session.clear', outcome: { result: 'SUCCESS', reason: `Cleared by an administrator: ${ended.sessions} session(s) ended.` }, actor, target });
  if (ends.oauthTokens) deps.events.record({ eventType: 'app.oauth2.as.token.revoke', outcome: { result: 'SUCCESS', reason: `Cleared by an administrator: ${ended.grants} grant(s) revoked.` }, actor, target });
}
