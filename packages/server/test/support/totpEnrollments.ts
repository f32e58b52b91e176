import type { AuthenticatorContext } from '../../src/authenticators/authenticator.js';
import { newTotpSecret } from '../../src/authenticators/totp/totpCodes.js';
import { sealSecret, TOTP_KEY } from '../../src/authenticators/totp/totpChallenge.js';
import { ServerSecrets } from '../../src/platform/serverSecrets.js';
import { newId } from '../../src/platform/ids.js';
import type { TestServer } from './server.js';

/**
 * Gives `login` one more google_otp enrollment, written to the store as enrolling writes it (the
 * secret sealed under the server's key): enrollment policies offer an authenticator only to those
 * without it, so a second one cannot be had by signing in. Answers its id and secret.
 */
export async function addTotpEnrollment(server: TestServer, login: string): Promise<{ id: string; secret: string }> {
  const { store, config, clock } = server.lk;
  const sealing = (await ServerSecrets.open(store, config)).encryption;
  const user = await store.users.findByLogin(login);
  if (!user) throw new Error(`no user ${login}`);
  const id = newId('authenticatorEnrollment');
  const secret = newTotpSecret();
  const sealedSecret = sealSecret({ sealing } as AuthenticatorContext, id, secret);
  const createdAt = clock.now() + (await store.authenticatorEnrollments.listOf(user.id)).length; // listed in the order added
  await store.authenticatorEnrollments.insert({ id, userId: user.id, authenticatorKey: TOTP_KEY, status: 'ACTIVE', profile: {}, sealedSecret, createdAt, lastUsedAt: null, lastStep: null });
  return { id, secret };
}
