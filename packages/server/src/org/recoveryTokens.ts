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

/** What a recovery token may do: reset the password, or (Classic's emailed unlock link) unlock the account. */
export type RecoveryPurpose = 'password' | 'unlock';

/**
 * The stored hash of a token: an unlock token's hash is taken over its purpose too, so it can never
 * be redeemed as a password token (nor the other way), with no column to tell them apart.
 */
const tokenHash = (token: string, purpose: RecoveryPurpose) => hashSecret(purpose === 'password' ? token : `${purpose}:${token}`);

/**
 * Issues a password recovery token for `user` (the secret of an emailed reset link): only its hash
 * is stored; it lasts as long as the user's password policy says (Okta's default: an hour) and is used
 * once. `relayState`: the Classic recovery's, for the transaction the token begins.
 */
export async function issueRecoveryToken(store: Store, clock: Clock, user: User, purpose: RecoveryPurpose = 'password', relayState?: string): Promise<string> {
  const person = { id: user.id, groups: [EVERYONE, ...(await store.groups.groupNamesOf(user.id))] };
  const rules = recoveryRulesFor(await store.policies.list('PASSWORD'), person);
  const minutes = rules.access === 'ALLOW' ? rules.tokenLifetimeMinutes : 60;
  const token = newSecret(32);
  const now = clock.now();
  await store.recoveryTokens.insert({ tokenHash: tokenHash(token, purpose), userId: user.id, createdAt: now, expiresAt: now + minutes * 60_000, ...(relayState !== undefined && { relayState }) });
  return token;
}

/** Uses a recovery token of `purpose`: its user (and the relayState it was sent with), once, while it is unexpired; undefined for anything else. */
export async function redeemRecoveryToken(store: Store, clock: Clock, token: string, purpose: RecoveryPurpose = 'password'): Promise<{ user: User; relayState?: string } | undefined> {
  const record = await store.recoveryTokens.consume(tokenHash(token, purpose), clock.now());
  const user = record && (await store.users.findById(record.userId));
  return user && { user, ...(record.relayState !== undefined && { relayState: record.relayState }) };
}

export const resetLink = (baseUrl: string, token: string): string => `${baseUrl}${RESET_LINK_PATH}/${encodeURIComponent(token)}`;

/** Okta's path for the emailed unlock link (Classic): the app's Classic widget, or the app, redeems its token at /api/v1/authn/recovery/token. */
export const UNLOCK_LINK_PATH = '/signin/user-unlock';

const MAILS: Record<RecoveryPurpose, { kind: string; subject: string; asked: string; act: string; ignore: string }> = {
  password: {
    kind: 'password-reset-link', subject: 'Reset your password', asked: 'A password reset was requested', act: 'To choose a new password, open this link:',
    ignore: 'The link works once. If you did not ask for it, ignore this email: your password stays as it is.',
  },
  unlock: {
    kind: 'account-unlock-link', subject: 'Unlock your account', asked: 'An account unlock was requested', act: 'To unlock your account, open this link:',
    ignore: 'The link works once. If you did not ask for it, ignore this email: your account stays as it is.',
  },
};

/**
 * Emails `user` a link with a new recovery token of `purpose` (the emailed link of Okta's recovery),
 * to their primary email when they have one; answers the link.
 */
export async function mailRecoveryLink(deps: { store: Store; clock: Clock; email: EmailSender; baseUrl: string }, user: User, purpose: RecoveryPurpose, relayState?: string): Promise<string> {
  const token = await issueRecoveryToken(deps.store, deps.clock, user, purpose, relayState);
  const link = purpose === 'password' ? resetLink(deps.baseUrl, token) : `${deps.baseUrl}${UNLOCK_LINK_PATH}/${encodeURIComponent(token)}`;
  const to = typeof user.profile.email === 'string' ? user.profile.email : undefined;
  if (to) {
    const mail = MAILS[purpose];
    const text = `${mail.asked} for ${user.login}. ${mail.act}`;
    await deps.email.send({
      to, kind: mail.kind, subject: mail.subject,
      text: `${text}\n${link}\n\n${mail.ignore}`, html: `<p>${escapeHtml(text)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(mail.subject)}</a></p><p>${mail.ignore}</p>`,
    });
  }
  return link;
}

/**
 * `latchkey admin reset-link`: emails the user a link to reset their password (Okta's "Reset password"
 * of the admin console), and answers it. Undefined when no user has that login.
 */
export async function sendResetLink(store: Store, clock: Clock, email: EmailSender, baseUrl: string, login: string): Promise<string | undefined> {
  const user = await store.users.findByLogin(login);
  return user && mailRecoveryLink({ store, clock, email, baseUrl }, user, 'password');
}
