import type { Store } from '../store/store.js';
import type { User } from '../store/repositories/users.js';
import { hashSecret } from '../platform/crypto.js';
import { newSecret } from '../platform/ids.js';
import type { Clock } from '../platform/clock.js';
import type { EmailSender } from '../platform/delivery/email.js';
import { RateLimiter, type Limit } from '../platform/rateLimiter.js';
import { escapeHtml } from '../http/html.js';

/** Okta's activation emails work for 7 days. */
export const ACTIVATION_TOKEN_TTL_MS = 7 * 24 * 3600_000;

/** Users not yet activated: imported (STAGED) or invited (PROVISIONED). */
export const awaitsActivation = (user: User): boolean => user.status === 'STAGED' || user.status === 'PROVISIONED';

/**
 * A new activation token for a user who awaits activation (their older ones stop working): shown
 * once, only its hash is kept. Undefined when no such user awaits activation.
 */
export async function issueActivationToken(store: Store, login: string, now: number): Promise<string | undefined> {
  const user = await store.users.findByLogin(login);
  if (!user || !awaitsActivation(user)) return undefined;
  const token = newSecret(24);
  await store.transaction((repos) => repos.activationTokens.replace(user.id, hashSecret(token), now, now + ACTIVATION_TOKEN_TTL_MS));
  return token;
}

/**
 * What an activation token opens, for a user who still awaits activation: their activation (the
 * token is used up, once), or, for a link no longer valid (expired, used or voided), the offer of a
 * new one (`linkExpired`). Undefined for a token nobody was given, or whose user is activated already.
 */
export async function openActivationToken(store: Store, token: string, now: number): Promise<{ user: User; linkExpired: boolean } | undefined> {
  const hash = hashSecret(token);
  const redeemed = await store.activationTokens.consume(hash, now);
  const userId = redeemed ?? (await store.activationTokens.ownerOf(hash));
  const user = userId ? await store.users.findById(userId) : undefined;
  return user && awaitsActivation(user) ? { user, linkExpired: !redeemed } : undefined;
}

/** Okta's path of the emailed activation link; the hosted sign-in continues from it (hosted/activationLinkRoutes.ts). */
export const ACTIVATION_LINK_PATH = '/welcome';

/** The link that opens an activation token (emailed, or given to an administrator as Okta's `activationUrl`). */
export const activationLink = (baseUrl: string, token: string): string => `${baseUrl}${ACTIVATION_LINK_PATH}/${encodeURIComponent(token)}`;

/** New activation emails one user may be sent in an hour: an old link in someone else's hands cannot flood their inbox. */
const ACTIVATION_EMAILS: Limit = { max: 5, windowMs: 60 * 60_000 };

/**
 * Emails `login` a fresh activation link (their older ones stop working), when they still await
 * activation, have an address and are within ACTIVATION_EMAILS; otherwise nothing, and nobody is told which.
 */
export async function sendActivationLink(deps: { store: Store; clock: Clock; email: EmailSender; baseUrl: string }, login: string): Promise<void> {
  const { store, clock, email, baseUrl } = deps;
  const user = await store.users.findByLogin(login);
  const to = typeof user?.profile.email === 'string' ? user.profile.email : undefined;
  if (!user || !to || !(await new RateLimiter(store, clock).consume(`activation-email:${user.id}`, ACTIVATION_EMAILS)).allowed) return;
  const token = await issueActivationToken(store, login, clock.now());
  if (!token) return;
  const link = activationLink(baseUrl, token);
  const text = `An activation link was requested for ${user.login}. To activate your account, open this link:`;
  const ignore = 'The link works once, for 7 days. If you did not ask for it, ignore this email.';
  await email.send({
    to, kind: 'activation-link', subject: 'Activate your account',
    text: `${text}\n${link}\n\n${ignore}`, html: `<p>${escapeHtml(text)}</p><p><a href="${escapeHtml(link)}">Activate account</a></p><p>${ignore}</p>`,
  });
}
