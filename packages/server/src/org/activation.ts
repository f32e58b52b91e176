import type { Store } from '../store/store.js';
import type { User } from '../store/repositories/users.js';
import { hashSecret } from '../platform/crypto.js';
import { newSecret } from '../platform/ids.js';

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

/** Uses an activation token once: the user it activates, if it is valid and they still await activation. */
export async function redeemActivationToken(store: Store, token: string, now: number): Promise<User | undefined> {
  const userId = await store.activationTokens.consume(hashSecret(token), now);
  const user = userId ? await store.users.findById(userId) : undefined;
  return user && awaitsActivation(user) ? user : undefined;
}
