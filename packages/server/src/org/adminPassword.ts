import { hashPassword } from '../platform/passwordHashing.js';
import { passwordSettingsFor } from '../policy/passwordPolicy.js';
import type { User } from '../store/repositories/users.js';
import { newPasswordRefusal } from '../authenticators/password/newPassword.js';
import { InvalidUserInput } from './userProfileInput.js';
import type { UserAdminDeps } from './userAdmin.js';

/**
 * A password an administrator gives a user (on create or update): the password policy that applies
 * to them (by `groupNames`) must take it, as when they set it themselves (complexity, common
 * passwords, history, minimum age). Answers its argon2id hash, made off the event loop; throws
 * InvalidUserInput (`password: …`, Okta's wording).
 */
export async function adminPasswordHash(deps: Pick<UserAdminDeps, 'store' | 'config'>, user: User, groupNames: string[], password: string, now: number): Promise<string> {
  const settings = passwordSettingsFor(await deps.config.policiesOf('PASSWORD'), { id: user.id, groups: groupNames });
  const refusal = await newPasswordRefusal(deps.store, settings, user, password, now);
  if (refusal) throw new InvalidUserInput([{ field: 'password', message: refusal.text }]);
  return hashPassword(password);
}
