import type { Store } from '../store/store.js';
import { hashPassword } from '../platform/passwordHashing.js';
import { oneTimePassword } from './seed.js';

/**
 * `latchkey admin reset-password`: gives the user a new random password, to be shown once (only its
 * hash is stored), lifts a lockout, and ends their sessions, which were opened with the old one.
 * Answers the password, or undefined when no user has that login.
 */
export async function resetPassword(store: Store, login: string, now: number): Promise<string | undefined> {
  const user = await store.users.findByLogin(login);
  if (!user) return undefined;
  const password = oneTimePassword();
  // argon2 is slow on purpose: hash before the transaction so it does not hold the database meanwhile.
  const passwordHash = await hashPassword(password);
  await store.transaction(async (repos) => {
    await repos.users.update(user.id, { passwordHash, passwordChangedAt: now }, now);
    await repos.users.unlock(user.id, now);
    await repos.sessions.revokeAllOf(user.id, now);
  });
  return password;
}
