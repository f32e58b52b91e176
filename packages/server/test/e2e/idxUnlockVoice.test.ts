import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticatorKey, IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { TestClock, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { lockOut, startPhoneAccountServer } from '../support/accountOrg.js';
import { codeIn } from '../support/outbox.js';

/**
 * Self-service unlock by a phone call (`idx.unlockAccount` with the phone by voice), end to end with
 * @okta/okta-auth-js, in an org whose password policy unlocks with the email and by voice only (as
 * Okta's recorded user-unlock-account.json: idxFidelity compares the form with it).
 */

const PHONE = { login: 'vera@example.com', number: '+14155550402' };
/** Moved past the phone's cool-down (one code per number each 30 seconds) before each call. */
const clock = new TestClock();
let server: TestServer;
let issuer: string;

before(async () => {
  server = await startPhoneAccountServer(['email', 'voice'], PHONE, clock);
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const client = () => oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'email'] });

/** The newest message to the number (the development outbox records calls as messages with the spoken text). */
async function latestCall(): Promise<{ subject: string; text: string }> {
  const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(PHONE.number)}&limit=1`);
  return ((await r.json()) as { messages: Array<{ subject: string; text: string }> }).messages[0];
}

describe('unlock by voice with @okta/okta-auth-js', () => {
  for (const [named, methodType] of [['with methodType voice', 'voice'], ['without a methodType: okta-auth-js takes the only one offered', undefined]] as const) {
    it(`a locked user unlocks with the code a call gives (${named}), then signs in`, async () => {
      clock.advance(31_000);
      await lockOut(server.url, PHONE.login);
      const auth = client();
      const challenge = await auth.idx.unlockAccount({ username: PHONE.login, authenticator: AuthenticatorKey.PHONE_NUMBER, ...(methodType && { methodType }) });
      assert.equal(challenge.nextStep?.name, 'challenge-authenticator', JSON.stringify(challenge.messages));
      assert.deepEqual(challenge.nextStep?.authenticator?.methods, [{ type: 'voice' }]);
      const call = await latestCall();
      assert.equal(call.subject, 'Voice call');
      const done = await auth.idx.proceed({ verificationCode: codeIn(call.text) });
      assert.equal(done.status, IdxStatus.TERMINAL, JSON.stringify(done));
      assert.deepEqual(done.messages?.map((m) => m.i18n?.key), ['oie.selfservice.unlock_user.success.message']);
      assert.equal((await client().idx.authenticate({ username: PHONE.login, password: TEST.password })).status, IdxStatus.SUCCESS);
    });
  }
});
