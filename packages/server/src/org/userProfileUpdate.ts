import { isUniqueViolation } from '../store/errors.js';
import { normalizeLogin, type User } from '../store/repositories/users.js';
import { userSchemaOf } from './registrationSettings.js';
import { checkedProfile, loginTaken } from './userProfileInput.js';
import { userEvent, type Actor, type UserAdminDeps } from './userAdmin.js';

/**
 * An administrator changes a user's profile: Okta's partial update (`merge`, POST) lays the given
 * attributes over the stored ones (null clears one); a replace (PUT) keeps only the given ones. The
 * result is checked against the org's schema; a new login another user has is refused. Answers the
 * user as stored; throws InvalidUserInput.
 */
export async function updateUserProfile(deps: Pick<UserAdminDeps, 'store' | 'config' | 'clock' | 'events'>, user: User, given: Record<string, unknown>, mode: 'merge' | 'replace', actor: Actor): Promise<User> {
  const { store } = deps;
  const schema = await userSchemaOf(deps.config);
  const profile = mode === 'merge' ? checkedProfile(schema, given, user.profile) : checkedProfile(schema, given);
  const renamed = normalizeLogin(profile.login) !== user.login;
  if (renamed && (await store.users.findByLogin(profile.login))) throw loginTaken();
  try {
    await store.users.update(user.id, { profile, ...(renamed && { login: profile.login }) }, deps.clock.now());
  } catch (error) {
    if (isUniqueViolation(error)) throw loginTaken();
    throw error;
  }
  deps.events.record(userEvent('user.account.update_profile', actor, user));
  return (await store.users.findById(user.id))!;
}
