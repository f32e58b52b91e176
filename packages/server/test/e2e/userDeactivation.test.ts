import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { importOrg } from '../../src/org/orgFile/import.js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';
import type { UserStatus } from '../../src/store/repositories/users.js';
import { capturingLogger } from '../support/logs.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { interact, interactionCodeOf, introspect, redeem, submit, token } from '../support/idx.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

let server: TestServer;
let issuer: string;
const log = capturingLogger();

before(async () => {
  server = await startTestServer({ org: testOrg(), logger: log.logger });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const client = (cookies: CookieJar) =>
  oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'offline_access'], cookies });

/** Re-imports the test org with Ada in `status`, as an operator would (`latchkey org import`). */
async function setAdaStatus(status: UserStatus): Promise<void> {
  const org = testOrg();
  const users = org.users.map((u) => (u.login === TEST.user ? { ...u, status } : u));
  await importOrg(server.lk.store, parseOrgFile(JSON.stringify({ ...org, users }), 'org.json'), server.lk.clock.now(), server.lk.events);
}

/** What Ada's browser and app hold after a sign-in: the session cookie and the tokens. */
async function signInAda() {
  const browser = new CookieJar();
  const tx = await client(browser).idx.authenticate({ username: TEST.user, password: TEST.password });
  assert.equal(tx.status, IdxStatus.SUCCESS);
  return { browser, accessToken: tx.tokens!.accessToken!.accessToken, refreshToken: tx.tokens!.refreshToken!.refreshToken };
}

async function introspectActive(accessToken: string): Promise<boolean> {
  const r = await fetch(`${issuer}/v1/introspect`, {
    method: 'POST', body: new URLSearchParams({ token: accessToken, token_type_hint: 'access_token' }),
    headers: { authorization: `Basic ${Buffer.from(`${TEST.web.clientId}:${TEST.web.secret}`).toString('base64')}` },
  });
  return (await r.json()).active;
}

/** Asserts that nothing Ada held still works: token, userinfo, refresh, single sign-on. */
async function assertAllDead(held: Awaited<ReturnType<typeof signInAda>>, when: string): Promise<void> {
  assert.equal(await introspectActive(held.accessToken), false, `${when}: the access token introspects inactive`);
  const userinfo = await fetch(`${issuer}/v1/userinfo`, { headers: { authorization: `Bearer ${held.accessToken}` } });
  assert.equal(userinfo.status, 401, `${when}: userinfo refuses the access token`);
  assert.match(userinfo.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  const refreshed = await token(issuer, { grant_type: 'refresh_token', client_id: TEST.spa.clientId, refresh_token: held.refreshToken });
  assert.equal(refreshed.json.error, 'invalid_grant', `${when}: the refresh token is refused`);
  const sso = await client(held.browser).idx.authenticate();
  assert.equal(sso.status, IdxStatus.PENDING, `${when}: the session cookie signs nobody in`);
  assert.equal(sso.nextStep?.name, 'identify');
}

it('re-importing a user unchanged ends nothing: their tokens and session live on', async () => {
  const held = await signInAda();
  await setAdaStatus('ACTIVE');
  assert.equal(await introspectActive(held.accessToken), true);
  const sso = await client(held.browser).idx.authenticate();
  assert.equal(sso.status, IdxStatus.SUCCESS, 'the session still signs Ada in');
});

for (const status of ['SUSPENDED', 'DEPROVISIONED'] as const) {
  it(`a user made ${status} loses sessions and tokens, and reactivating them revives none`, async () => {
    const held = await signInAda();
    assert.equal(await introspectActive(held.accessToken), true);
    const user = (await server.lk.store.users.findByLogin(TEST.user))!;
    const before = log.events().length;

    await setAdaStatus(status);
    await assertAllDead(held, status);
    const events = log.events().slice(before);
    const cleared = events.find((e) => e.eventType === 'user.session.clear');
    const revoked = events.find((e) => e.eventType === 'app.oauth2.as.token.revoke');
    assert.deepEqual(cleared?.target, [{ id: user.id, type: 'User', alternateId: TEST.user }]);
    assert.deepEqual(revoked?.target, [{ id: user.id, type: 'User', alternateId: TEST.user }]);
  
    await setAdaStatus('ACTIVE');
    await assertAllDead(held, 'reactivated');
    assert.equal(log.events().length, before + 2, 'reactivation ends nothing more');

    const fresh = await signInAda();
    assert.equal(await introspectActive(fresh.accessToken), true, 'a new sign-in after reactivation works');
    assert.equal((await token(issuer, { grant_type: 'refresh_token', client_id: TEST.spa.clientId, refresh_token: fresh.refreshToken })).status, 200);
  });
}

it('an interaction code issued before a suspension cannot be redeemed after the reactivation', async () => {
  const started = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri });
  const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
  const identified = await submit(first.json, 'identify', { identifier: TEST.user });
  const done = await submit(identified.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } });
  const interactionCode = interactionCodeOf(done.json);
  assert.ok(interactionCode);

  await setAdaStatus('SUSPENDED');
  await setAdaStatus('ACTIVE');
  const tokens = await redeem(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, interactionCode, verifier: started.pkce.verifier });
  assert.equal(tokens.json.error, 'invalid_grant');
});
