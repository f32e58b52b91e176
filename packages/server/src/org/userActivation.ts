import type { User, UserStatus } from '../store/repositories/users.js';
import { activationLink, issueActivationToken, sendActivationLink } from './activation.js';
import { LifecycleRefusal, NOT_IN_THIS_STATUS } from './userLifecycle.js';
import { userEvent, type Actor, type UserAdminDeps } from './userAdmin.js';

/** Okta's answer to activate and reactivate with `sendEmail=false`: the link the user opens, and its token. */
export interface ActivationLink {
  activationUrl: string;
  activationToken: string;
}

type Deps = Pick<UserAdminDeps, 'store' | 'clock' | 'events' | 'email' | 'baseUrl'>;

/**
 * Okta's activation of a STAGED or DEPROVISIONED user: with a password they are ACTIVE at once;
 * without one they are PROVISIONED until they set one through an activation link, which is emailed
 * (`sendEmail`) or answered (Okta answers no link for a user activated at once: what it answers
 * then is not known, Latchkey answers none). Any other status: Okta's 403 E0000016.
 */
export async function activateUser(deps: Deps, user: User, sendEmail: boolean, actor: Actor): Promise<ActivationLink | undefined> {
  const status = await deps.store.writeTransaction(async (repos) => {
    const current = await repos.users.findById(user.id);
    if (!current || (current.status !== 'STAGED' && current.status !== 'DEPROVISIONED')) {
      throw new LifecycleRefusal('Activation failed because the user is already active', 'E0000016');
    }
    const to: UserStatus = current.passwordHash !== null ? 'ACTIVE' : 'PROVISIONED';
    await repos.users.update(user.id, { status: to }, deps.clock.now());
    return to;
  });
  deps.events.record(userEvent('user.lifecycle.activate', actor, user));
  return status === 'PROVISIONED' ? activationFor(deps, user, sendEmail) : undefined;
}

/**
 * Okta's reactivation of a PROVISIONED user (activated, not yet through their link): a new
 * activation link, emailed or answered; the older ones stop working. Any other status: 403 E0000038.
 */
export async function reactivateUser(deps: Deps, user: User, sendEmail: boolean, actor: Actor): Promise<ActivationLink | undefined> {
  if ((await deps.store.users.findById(user.id))?.status !== 'PROVISIONED') throw new LifecycleRefusal(NOT_IN_THIS_STATUS.message, NOT_IN_THIS_STATUS.code);
  deps.events.record(userEvent('user.lifecycle.reactivate', actor, user));
  return activationFor(deps, user, sendEmail);
}

/** A fresh activation token for the user: emailed (within the activation email limit), or answered as Okta's link. */
async function activationFor(deps: Deps, user: User, sendEmail: boolean): Promise<ActivationLink | undefined> {
  if (sendEmail) {
    await sendActivationLink(deps, user.login);
    return undefined;
  }
  const token = await issueActivationToken(deps.store, user.login, deps.clock.now());
  return token === undefined ? undefined : { activationUrl: activationLink(deps.baseUrl, token), activationToken: token };
}
