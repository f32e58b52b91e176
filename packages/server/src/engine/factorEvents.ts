import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { SecurityEvent } from '../platform/securityEvents.js';

/** Okta's System Log event for an authenticator the user enrolled while signing in: the user acted on themselves and the authenticator. */
export function factorActivated(txn: IdxTransaction, key: string, authenticatorId: string, ip: string | undefined): SecurityEvent {
  const user = { id: txn.userId!, type: 'User' as const, ...(txn.state.identifier && { alternateId: txn.state.identifier }) };
  return {
    eventType: 'user.mfa.factor.activate', outcome: { result: 'SUCCESS' }, actor: user, ...(ip && { client: { ipAddress: ip } }),
    target: [user, { id: authenticatorId, type: 'Authenticator', alternateId: key }],
  };
}
