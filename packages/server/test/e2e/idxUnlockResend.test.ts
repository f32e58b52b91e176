import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticatorKey, IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { ACCOUNT, accountOrg, lockOut as lockOutOn } from '../support/accountOrg.js';

/**
 * A resend in an unlock goes only where the first code could go: the person's own verified address.
 * The first email of an unlock reaches nobody whose address is not verified (it could be anyone's);
 * asking for a new code must not send it there either.
 */

/** A locked-out person whose email address was never verified. */
const UNVERIFIED = 'uma@example.com';

let server: TestServer;
let issuer: string;

before(async () => {
  const org = accountOrg();
  const person = { login: UNVERIFIED, profile: { firstName: 'Uma' }, password: TEST.password, groups: ['Engineering'], emailVerified: false };
  server = await startTestServer({ org: { ...org, users: [...org.users, person] } });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const client = () => oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });

async function emailsTo(to: string): Promise<number> {
  const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(to)}&limit=50`);
  return ((await r.json()) as { messages: unknown[] }).messages.length;
}

/** Unlock by email, then ask for a new code: the emails the address got, and the answer to the resend. */
async function unlockAndResend(login: string) {
  await lockOutOn(server.url, login);
  const auth = client();
  const challenge = await auth.idx.unlockAccount({ username: login, authenticator: AuthenticatorKey.OKTA_EMAIL });
  assert.equal(challenge.nextStep?.name, 'challenge-authenticator', JSON.stringify(challenge.messages));
  const first = await emailsTo(login);
  const resent = await auth.idx.proceed({ resend: true });
  return { first, afterResend: await emailsTo(login), resent };
}

describe('unlock: the resend reaches only the verified address', () => {
  it('a verified address gets the first code and the new one', async () => {
    const { first, afterResend, resent } = await unlockAndResend(ACCOUNT.locked);
    assert.equal(first, 1);
    assert.equal(afterResend, 2);
    assert.equal(resent.status, IdxStatus.PENDING);
  });

  it('an unverified address gets neither, and the answers are the same as for a verified one', async () => {
    const { first, afterResend, resent } = await unlockAndResend(UNVERIFIED);
    assert.equal(first, 0, 'the first code does not go to an unverified address');
    assert.equal(afterResend, 0, 'nor does the resent one');
    assert.equal(resent.status, IdxStatus.PENDING);
    assert.equal(resent.nextStep?.name, 'challenge-authenticator');
    assert.deepEqual(resent.messages ?? [], []);
  });
});
