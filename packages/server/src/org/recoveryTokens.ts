import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { User } from '../store/repositories/users.js';
import { hashSecret } from '../platform/crypto.js';
import { newSecret } from '../platform/ids.js';
import { recoveryRulesFor } from '../policy/passwordRecovery.js';
import { EVERYONE } from '../store/repositories/groups.js';
import type { EmailSender } from '../platform/delivery/email.js';
import { escapeHtml } from '../http/html.js';

/** Okta's path for the emailed reset link; the hosted page continues from it. */
export const RESET_LINK_PATH = '/signin/reset-password';

/**
 * Issues a password recovery token for `user` (the secret of an emailed reset link): only its hash
 * is stored; it lasts as long as the user's password policy says (Okta's default: an hour) and is used once.
 */
export async function issueRecoveryToken(store: Store, clock: Clock, user: User): Promise<string> {
  const person = { id: user.id, groups: [EVERYONE, ...(await store.groups.groupNamesOf(user.id))] };
  const rules = recoveryRulesFor(await store.policies.list('PASSWORD'), person);
  const minutes = rules.access === 'ALLOW' ? rules.tokenLifetimeMinutes : 60;
  const token = newSecret(32);
  const now = clock.now();
  await store.recoveryTokens.insert({ tokenHash: hashSecret(token), userId: user.id, createdAt: now, expiresAt: now + minutes * 60_000 });
  return token;
}

/** Uses a recovery token: its user, once, while it is unexpired; undefined for anything else. */
export async function redeemRecoveryToken(store: Store, clock: Clock, token: string): Promise<User | undefined> {
  const record = await store.recoveryTokens.consume(hashSecret(token), clock.now());
  return record && store.users.findById(record.userId);
}

export const resetLink = (baseUrl: string, token: string): string => `${baseUrl}${RESET_LINK_PATH}/${encodeURIComponent(token)}`;

/**
 * `latchkey admin reset-link`: emails the user a link to reset their password (Okta's "Reset password"
 * of the admin console), and answers it. Undefined when no user has that login.
 */
export async function sendResetLink(store: Store, clock: Clock, email: EmailSender, baseUrl: string, login: string): Promise<string | undefined> {
  const user = await store.users.findByLogin(login);
  if (!user) return undefined;
  const link = resetLink(baseUrl, await issueRecoveryToken(store, clock, user));
  const to = typeof user.profile.email === 'string' ? user.profile.email : undefined;
  if (to) {
    const text = `A password reset was requested for ${user.login}. To choose a new password, open this link:`;
    const ignore = 'The link works once. If you did not ask for it, ignore this email: your password stays as it is.';
    await email.send({
      to, kind: 'password-reset-link', subject: 'Reset your password',
      text: `${text}\n${link}\n\n${ignore}`, html: `<p>${escapeHtml(text)}</p><p><a href="${escapeHtml(link)}">Reset password</a></p><p>${ignore}</p>`,
    });
  }
  return link;
}
