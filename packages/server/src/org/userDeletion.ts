import type { User } from '../store/repositories/users.js';
import { applyLifecycle } from './userLifecycle.js';
import { userEvent, type Actor, type UserAdminDeps } from './userAdmin.js';

/**
 * Okta's delete: a user who is not DEPROVISIONED is deactivated (their sessions and tokens end, as
 * deactivate does); a DEPROVISIONED user is removed for good, with everything that hangs on them
 * (see UsersRepository.purge). Answers what was done; `gone` when the user no longer exists (a
 * concurrent delete removed them).
 */
export async function deleteUser(deps: Pick<UserAdminDeps, 'store' | 'events'>, user: User, actor: Actor, now: number): Promise<'deactivated' | 'deleted' | 'gone'> {
  // The status is read in the transaction that removes: a user activated meanwhile is not removed.
  const outcome = await deps.store.writeTransaction(async (repos) => {
    const status = (await repos.users.findById(user.id))?.status;
    if (status !== 'DEPROVISIONED') return status === undefined ? 'gone' : 'active';
    await repos.users.purge(user.id);
    return 'deleted';
  });
  if (outcome === 'active') {
    await applyLifecycle(deps, user, 'deactivate', actor, now);
    return 'deactivated';
  }
  if (outcome === 'deleted') deps.events.record(userEvent('user.lifecycle.delete.completed', actor, user));
  return outcome;
}
