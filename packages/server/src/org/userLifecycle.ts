import type { Repositories, Store } from '../store/store.js';
import type { User, UserStatus } from '../store/repositories/users.js';
import type { SecurityEventSink, SecurityEventType } from '../platform/securityEvents.js';
import { accessEndedEvents, endsAccess, endUserAccess } from './userDeactivation.js';
import { userEvent, type Actor } from './userAdmin.js';

/** The lifecycle operations Okta's Users API offers that Latchkey's engine carries out (activation: see userActivation.ts). */
export type LifecycleOperation = 'deactivate' | 'suspend' | 'unsuspend' | 'unlock' | 'expire_password';

/** Okta's refusal of an operation on a user in a status that does not allow it (used where Okta's own code for the operation is not known). */
export const NOT_IN_THIS_STATUS = { code: 'E0000038', message: "This operation is not allowed in the user's current status." } as const;

/**
 * Each operation: the statuses it applies to, the status it leads to, how it is written when more
 * than the status changes, its System Log event, and Okta's refusal elsewhere (its errorCode and message).
 */
const OPERATIONS: Record<LifecycleOperation, {
  from: (user: User) => boolean; to: UserStatus; write?: (repos: Repositories, id: string, now: number) => Promise<void>;
  event: SecurityEventType; refusal: { code: string; message: string };
}> = {
  deactivate: { from: (u) => u.status !== 'DEPROVISIONED', to: 'DEPROVISIONED', event: 'user.lifecycle.deactivate', refusal: { code: 'E0000001', message: 'Cannot deactivate a user that is already deactivated' } },
  suspend: { from: (u) => u.status === 'ACTIVE', to: 'SUSPENDED', event: 'user.lifecycle.suspend', refusal: { code: 'E0000001', message: 'Cannot suspend a user that is not active' } },
  unsuspend: { from: (u) => u.status === 'SUSPENDED', to: 'ACTIVE', event: 'user.lifecycle.unsuspend', refusal: { code: 'E0000001', message: 'Cannot unsuspend a user that is not suspended' } },
  // The lock's failures are forgotten with it.
  unlock: {
    from: (u) => u.status === 'LOCKED_OUT', to: 'ACTIVE', write: (repos, id, now) => repos.users.unlock(id, now),
    event: 'user.account.unlock_by_admin', refusal: { code: 'E0000032', message: 'Unlock is not allowed for this user.' },
  },
  // The engine asks for a new password at the next sign-in (replacePassword makes the user ACTIVE again).
  expire_password: { from: (u) => u.status === 'ACTIVE' && u.passwordHash !== null, to: 'PASSWORD_EXPIRED', event: 'user.account.expire_password', refusal: NOT_IN_THIS_STATUS },
};

/** The operation cannot apply to the user as they are now (their status); `message` says why, `code` is Okta's errorCode. */
export class LifecycleRefusal extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/**
 * An administrator's lifecycle operation on a user: their status changes and, when that takes their
 * access away (deactivate, suspend), their sessions and tokens end in the same transaction, as an
 * org-file import does. Recorded in the System Log. Throws LifecycleRefusal when it does not apply.
 */
export async function applyLifecycle(deps: { store: Store; events: SecurityEventSink }, user: User, operation: LifecycleOperation, actor: Actor, now: number): Promise<void> {
  const { from, to, write, event, refusal } = OPERATIONS[operation];
  // The user is read again in the write transaction: of two operations at once, the second sees the first's.
  const ended = await deps.store.writeTransaction(async (repos) => {
    const current = await repos.users.findById(user.id);
    if (!current || !from(current)) throw new LifecycleRefusal(refusal.message, refusal.code);
    await (write ? write(repos, user.id, now) : repos.users.update(user.id, { status: to }, now));
    return endsAccess(current.status, to) ? endUserAccess(repos, user, to, now) : undefined;
  });
  deps.events.record(userEvent(event, actor, user));
  for (const e of ended ? accessEndedEvents(ended) : []) deps.events.record(e);
}
