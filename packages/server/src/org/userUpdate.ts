import { isUniqueViolation } from '../store/errors.js';
import { normalizeLogin, type User, type UserChanges } from '../store/repositories/users.js';
import { replacePassword } from '../authenticators/password/newPassword.js';
import { userSchemaOf } from './registrationSettings.js';
import { checkedProfile, loginTaken } from './userProfileInput.js';
import { adminPasswordHash } from './adminPassword.js';
import { userEvent, type Actor, type UserAdminDeps } from './userAdmin.js';

/** What an administrator's update changes: the profile (laid over the stored one, or replacing it), and the password. */
export interface UserUpdate {
  profile?: Record<string, unknown>;
  mode: 'merge' | 'replace';
  password?: string;
}

/**
 * An administrator changes a user: Okta's partial update (`merge`, POST) lays the given attributes
 * over the stored ones (null clears one); a replace (PUT) keeps only the given ones. The result is
 * checked against the org's schema; a new login another user has is refused. A password given is
 * checked against the user's password policy and replaces theirs (the old one joins their history;
 * an expired one is renewed). Answers the user as stored; throws InvalidUserInput.
 */
export async function updateUser(deps: Pick<UserAdminDeps, 'store' | 'config' | 'clock' | 'events'>, user: User, update: UserUpdate, actor: Actor): Promise<User> {
  const { store } = deps;
  const now = deps.clock.now();
  const changes: UserChanges = {};
  if (update.profile) {
    const schema = await userSchemaOf(deps.config);
    changes.profile = update.mode === 'merge' ? checkedProfile(schema, update.profile, user.profile) : checkedProfile(schema, update.profile);
    if (normalizeLogin(changes.profile.login) !== user.login) {
      if (await store.users.findByLogin(changes.profile.login)) throw loginTaken();
      changes.login = changes.profile.login;
    }
  }
  // argon2 is slow on purpose: hash before the transaction so it does not hold the database meanwhile.
  const passwordHash = update.password === undefined ? undefined : await adminPasswordHash(deps, user, await store.groups.groupNamesOf(user.id), update.password, now);
  try {
    await store.transaction(async (repos) => {
      if (Object.keys(changes).length > 0) await repos.users.update(user.id, changes, now);
      if (passwordHash !== undefined) await replacePassword(repos, user, passwordHash, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw loginTaken();
    throw error;
  }
  if (changes.profile) deps.events.record(userEvent('user.account.update_profile', actor, user));
  if (passwordHash !== undefined) deps.events.record(userEvent('user.account.reset_password', actor, user));
  return (await store.users.findById(user.id))!;
}
