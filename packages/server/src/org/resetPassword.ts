import type { Store } from '../store/store.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import { hashPassword } from '../platform/passwordHashing.js';
import { oneTimePassword } from './seed.js';
import { replacePassword } from '../authenticators/password/newPassword.js';

/**
 * `latchkey admin reset-password`: gives the user a new random password, to be shown once (only its
 * hash is stored), lifts a lockout, and ends their sessions, which were opened with the old one, and their remembered devices.
 * Answers the password, or undefined when no user has that login.
 */
export async function resetPassword(store: Store, events: SecurityEventSink, login: string, now: number): Promise<string | undefined> {
  const user = await store.users.findByLogin(login);
  if (!user) return undefined;
  const password = oneTimePassword();
  // argon2 is slow on purpose: hash before the transaction so it does not hold the database meanwhile.
  const passwordHash = await hashPassword(password);
  await store.transaction(async (repos) => {
    await replacePassword(repos, user, passwordHash, now);
    await repos.users.unlock(user.id, now);
    await repos.sessions.revokeAllOf(user.id, now);
    // Nor does a device remembered for their MFA ("Keep me signed in") outlive the reset.
    await repos.signInHistory.forgetMfa(user.id);
  });
  const actor = { id: 'latchkey', type: 'SystemPrincipal' as const };
  const target = [{ id: user.id, type: 'User', alternateId: user.login }];
  events.record({ eventType: 'user.account.reset_password', outcome: { result: 'SUCCESS' }, actor, target });
  events.record({ eventType: 'user.session.clear', outcome: { result: 'SUCCESS', reason: 'Password reset by an administrator' }, actor, target });
  return password;
}
