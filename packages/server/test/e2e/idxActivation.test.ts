import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { accountOrg } from '../support/accountOrg.js';
import { interact } from '../support/idx.js';
import { issueActivationToken } from '../../src/org/activation.js';
import { runCli } from '../support/process.js';

/**
 * Activation of imported (STAGED) and invited (PROVISIONED) users by activation token, with
 * @okta/okta-auth-js (`idx.register({ activationToken })`, which sends `activation_token` to
 * /v1/interact): they set a password under the policy and are signed in, ACTIVE. A token works once.
 */

/** Okta's answer to an invalid activation token, as recorded. */
const INVALID_TOKEN = JSON.parse(readFileSync(new URL('../../../../../shared/reference/okta-oauth2/error-activation-token-invalid.json', import.meta.url), 'utf8'));
const STAGED = 'stella@example.com';
const PROVISIONED = 'percy@example.com';
const NEW_PASSWORD = 'Brand-New-Horse-7';

let server: TestServer;
let issuer: string;

before(async () => {
  const org = accountOrg();
  org.users.push(
    { login: STAGED, status: 'STAGED', profile: { firstName: 'Stella' }, groups: ['Engineering'] } as never,
    { login: PROVISIONED, status: 'PROVISIONED', profile: { firstName: 'Percy' }, groups: ['Engineering'] } as never,
  );
  server = await startTestServer({ org });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const client = () => oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'email'] });
const tokenFor = async (login: string) => (await issueActivationToken(server.lk.store, login, Date.now()))!;

describe('activation by activation_token with @okta/okta-auth-js', () => {
  it('an imported (STAGED) user sets a password under the policy and is signed in, ACTIVE', async () => {
    const auth = client();
    const first = await auth.idx.register({ activationToken: await tokenFor(STAGED) });
    assert.equal(first.status, IdxStatus.PENDING, JSON.stringify(first.messages));
    assert.equal(first.nextStep?.name, 'enroll-authenticator');
    assert.equal(first.nextStep?.authenticator?.key, 'okta_password');
    const weak = await auth.idx.proceed({ password: 'short' });
    assert.notEqual(weak.status, IdxStatus.SUCCESS);
    const done = await auth.idx.proceed({ password: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.ok(done.tokens?.idToken);
    assert.equal((await server.lk.store.users.findByLogin(STAGED))?.status, 'ACTIVE');
    const again = await client().idx.authenticate({ username: STAGED, password: NEW_PASSWORD });
    assert.equal(again.status, IdxStatus.SUCCESS, 'signs in with the password from now on');
  });

  it('an invited (PROVISIONED) user too, with the token `latchkey admin activation-token` prints', async () => {
    const printed = await runCli(['admin', 'activation-token', '--login', PROVISIONED, '--database-url', server.database.url]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stderr, /activation token for percy@example\.com \(shown once/);
    const auth = client();
    await auth.idx.register({ activationToken: printed.stdout.trim() });
    const done = await auth.idx.proceed({ password: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.equal((await server.lk.store.users.findByLogin(PROVISIONED))?.status, 'ACTIVE');
  });

  it('a token works once; a newer one voids the older; an ACTIVE user gets none', async () => {
    const login = 'tess@example.com';
    await server.lk.store.users.insert({
      id: '00utess', login, status: 'STAGED', profile: { login, email: login }, passwordHash: null, passwordChangedAt: null,
      createdAt: Date.now(), updatedAt: Date.now(), lastLoginAt: null, emailVerifiedAt: Date.now(),
    });
    const older = await tokenFor(login);
    const token = await tokenFor(login);
    const refused = (t: string) => interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { activation_token: t } });
    const voided = await refused(older);
    assert.equal(voided.status, 400);
    assert.deepEqual(voided.json, INVALID_TOKEN);
    assert.equal((await refused(token)).status, 200, 'the newest works');
    assert.equal((await refused(token)).status, 400, 'once');
    assert.equal(await issueActivationToken(server.lk.store, TEST.user, Date.now()), undefined);
    const cli = await runCli(['admin', 'activation-token', '--login', TEST.user, '--database-url', server.database.url]);
    assert.equal(cli.code, 2);
    assert.match(cli.stderr, /no user with login "ada@example\.com" awaits activation/);
    assert.equal(cli.stdout, '');
  });

  it("an invalid token: Okta's OAuth error at /v1/interact, which okta-auth-js reports", async () => {
    const answer = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { activation_token: 'not-a-token' } });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, INVALID_TOKEN, "Okta's recorded answer");
    await assert.rejects(client().idx.register({ activationToken: 'not-a-token' }), /The activation token is invalid/);
  });
});
