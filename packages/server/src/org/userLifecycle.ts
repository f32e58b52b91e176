import type { Store } from '../store/store.js';
import type { User, UserStatus } from '../store/repositories/users.js';
import type { SecurityEvent, SecurityEventSink } from '../platform/securityEvents.js';
import { accessEndedEvents, endsAccess, endUserAccess } from './userDeactivation.js';

/** The lifecycle operations Okta's Users API offers that Latchkey's engine carries out. */
export type LifecycleOperation = 'deactivate' | 'suspend' | 'unsuspend';

/** Each operation: the statuses it applies to, the status it leads to, and why it is refused elsewhere. */
const OPERATIONS: Record<LifecycleOperation, { from: (s: UserStatus) => boolean; to: UserStatus; refusal: string }> = {
  deactivate: { from: (s) => s !== 'DEPROVISIONED', to: 'DEPROVISIONED', refusal: 'Cannot deactivate a user that is already deactivated' },
  suspend: { from: (s) => s === 'ACTIVE', to: 'SUSPENDED', refusal: 'Cannot suspend a user that is not active' },
  unsuspend: { from: (s) => s === 'SUSPENDED', to: 'ACTIVE', refusal: 'Cannot unsuspend a user that is not suspended' },
};

/** The operation cannot apply to the user as they are now (their status); `message` says why. */
export class LifecycleRefusal extends Error {}

/**
 * An administrator's lifecycle operation on a user: their status changes and, when that takes their
 * access away (deactivate, suspend), their sessions and tokens end in the same transaction, as an
 * org-file import does. Recorded in the System Log. Throws LifecycleRefusal when it does not apply.
 */
export async function applyLifecycle(deps: { store: Store; events: SecurityEventSink }, user: User, operation: LifecycleOperation, actor: NonNullable<SecurityEvent['actor']>, now: number): Promise<void> {
  const { from, to, refusal } = OPERATIONS[operation];
  // The status is read again in the write transaction: of two operations at once, the second sees the first's.
  const ended = await deps.store.writeTransaction(async (repos) => {
    const status = (await repos.users.findById(user.id))?.status;
    if (!status || !from(status)) throw new LifecycleRefusal(refusal);
    await repos.users.update(user.id, { status: to }, now);
    return endsAccess(status, to) ? endUserAccess(repos, user, to, now) : undefined;
  });
  deps.events.record({ eventType: `user.lifecycle.${operation}`, outcome: { result: 'SUCCESS' }, actor, target: [{ id: user.id, type: 'User', alternateId: user.login }] });
  for (const event of ended ? accessEndedEvents(ended) : []) deps.events.record(event);
}
