import type { Store } from '../store/store.js';
import type { User } from '../store/repositories/users.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import type { EmailSender } from '../platform/delivery/email.js';
import { endSessionsAndGrants } from './userDeactivation.js';
import { escapeHtml } from '../http/html.js';

export interface PasswordRecoveredDeps {
  store: Store;
  events: SecurityEventSink;
  email: EmailSender;
}

/**
 * The user reset a forgotten password (the new one is set already): everything opened with the old
 * one ends (sessions, refresh tokens, unredeemed codes, other recovery links), a lockout is lifted,
 * the System Log records it, and the user is told by email, so a reset they did not make is noticed.
 */
export async function passwordRecovered({ store, events, email }: PasswordRecoveredDeps, user: User, ip: string, now: number): Promise<void> {
  const ended = await store.transaction(async (repos) => {
    await repos.users.unlock(user.id, now);
    await repos.recoveryTokens.voidOf(user.id, now);
    return endSessionsAndGrants(repos, user.id, 'password_reset', now);
  });
  const actor = { id: user.id, type: 'User' as const, alternateId: user.login };
  const target = [{ id: user.id, type: 'User', alternateId: user.login }];
  events.record({ eventType: 'user.account.reset_password', outcome: { result: 'SUCCESS' }, actor, client: { ipAddress: ip }, target });
  events.record({ eventType: 'user.session.clear', outcome: { result: 'SUCCESS', reason: `Password reset: ${ended.sessions} session(s) ended, ${ended.grants} grant(s) revoked.` }, actor, target });
  const to = typeof user.profile.email === 'string' ? user.profile.email : undefined;
  if (to) await email.send({ to, kind: 'password-reset-notice', subject: 'Your password was reset', text: notice(user.login), html: `<p>${escapeHtml(notice(user.login))}</p>` });
}

const notice = (login: string) => `The password of ${login} was just reset, and every device signed in with the old one was signed out. ` +
  'If you did not reset it, contact your administrator now.';
