import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { SecurityEvent } from '../platform/securityEvents.js';

/** The transaction's user, acting on themselves. */
const actorOf = (txn: IdxTransaction) => ({ id: txn.userId!, type: 'User' as const, ...(txn.state.identifier && { alternateId: txn.state.identifier }) });

/** Okta's System Log event for an authenticator the user enrolled while signing in: the user acted on themselves and the authenticator. */
export function factorActivated(txn: IdxTransaction, key: string, authenticatorId: string, ip: string | undefined): SecurityEvent {
  const user = actorOf(txn);
  return {
    eventType: 'user.mfa.factor.activate', outcome: { result: 'SUCCESS' }, actor: user, ...(ip && { client: { ipAddress: ip } }),
    target: [user, { id: authenticatorId, type: 'Authenticator', alternateId: key }],
  };
}

/** Okta's System Log event for a password the user changed while signing in (an expired one replaced). */
export function passwordRenewed(txn: IdxTransaction, ip: string | undefined): SecurityEvent {
  const user = actorOf(txn);
  return { eventType: 'user.account.update_password', outcome: { result: 'SUCCESS' }, actor: user, ...(ip && { client: { ipAddress: ip } }), target: [user] };
}
