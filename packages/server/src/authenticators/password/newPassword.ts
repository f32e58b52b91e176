import type { Repositories } from '../../store/store.js';
import type { User } from '../../store/repositories/users.js';
import { verifyPassword } from '../../platform/passwordHashing.js';
import { changedTooRecently, describeRequirements, passwordProblem, previousToCompare, type PasswordSettings } from '../../policy/passwordPolicy.js';
import { Messages, type Message } from '../../vocabulary/messages.js';

/**
 * Why the user may not set this password under their password policy, as Okta answers it
 * (`password.common`, or `password.passwordRequirementsNotMet` listing every rule: complexity,
 * history, minimum age); undefined when it may be set. Every place that sets a password asks this.
 */
export async function newPasswordRefusal(
  history: Pick<Repositories, 'passwordHistory'>, settings: PasswordSettings, user: User, password: string, now: number,
): Promise<Message | undefined> {
  const notMet = () => Messages.passwordRequirementsNotMet(describeRequirements(settings));
  const problem = passwordProblem(password, settings.complexity, user.profile);
  if (problem === 'common') return Messages.commonPassword;
  if (problem) return notMet();
  if (user.passwordHash && changedTooRecently(user.passwordChangedAt, settings.age, now)) return notMet();
  if (settings.age.historyCount === 0 || !user.passwordHash) return undefined;
  const recent = [user.passwordHash, ...(await history.passwordHistory.previous(user.id, previousToCompare(settings.age)))];
  // Each comparison is an argon2 verification: at most 24 of them, and only for a password that passed the rules above.
  for (const hash of recent) if (await verifyPassword(password, hash)) return notMet();
  return undefined;
}

/**
 * Gives the user a new password hash; the one it replaces joins their history. A password an
 * administrator expired is renewed: ACTIVE again. (An account awaiting activation becomes ACTIVE when
 * its sign-in succeeds, registration's email verification included: see activateRegistered.)
 */
export async function replacePassword(repos: Pick<Repositories, 'users' | 'passwordHistory'>, user: User, passwordHash: string, now: number): Promise<void> {
  if (user.passwordHash) await repos.passwordHistory.remember(user.id, user.passwordHash, now);
  const status = user.status === 'PASSWORD_EXPIRED' ? { status: 'ACTIVE' as const } : {};
  await repos.users.update(user.id, { passwordHash, passwordChangedAt: now, ...status }, now);
}
