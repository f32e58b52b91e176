import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';

let server: TestServer;
let issuer: string;
const SECOND_APP = 'spa-two';

before(async () => {
  const org = testOrg();
  org.apps.push({ clientId: SECOND_APP, label: 'Second SPA', type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] } as never);
  server = await startTestServer({ org });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const client = (clientId: string, cookies: CookieJar) =>
  oktaAuth({ issuer, clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile'], cookies });

it('signing in sets an HttpOnly session cookie; a second app in the same browser signs in without asking again', async () => {
  const browser = new CookieJar();
  const first = await client(TEST.spa.clientId, browser).idx.authenticate({ username: TEST.user, password: TEST.password });
  assert.equal(first.status, IdxStatus.SUCCESS);
  assert.match(browser.header(), /(^|; )idx=/);

  const second = await client(SECOND_APP, browser).idx.authenticate();
  assert.equal(second.status, IdxStatus.SUCCESS, 'no identify, no password: the session satisfies the policy');
  const claims = second.tokens!.idToken!.claims;
  assert.equal(claims.aud, SECOND_APP);
  assert.equal(claims.preferred_username, TEST.user);
  assert.deepEqual(claims.amr, ['pwd']);
  assert.equal(claims.auth_time, first.tokens!.idToken!.claims.auth_time, 'auth_time is the original sign-in');
});

it('another browser (no cookie) is asked to sign in', async () => {
  const tx = await client(SECOND_APP, new CookieJar()).idx.authenticate();
  assert.equal(tx.status, IdxStatus.PENDING);
  assert.equal(tx.nextStep?.name, 'identify');
});

it('a forged or unknown session cookie is ignored', async () => {
  const jar = new CookieJar();
  jar.remember(['idx=forged-session-value']);
  const tx = await client(SECOND_APP, jar).idx.authenticate();
  assert.equal(tx.nextStep?.name, 'identify');
});

it('the session cookie is HttpOnly and SameSite', async () => {
  const r = await fetch(`${issuer}/v1/interact`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: TEST.spa.clientId, scope: 'openid', redirect_uri: TEST.redirectUri, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }),
  });
  const { interaction_handle } = await r.json();
  const ion = { 'content-type': 'application/ion+json; okta-version=1.0.0', accept: 'application/ion+json; okta-version=1.0.0' };
  const { stateHandle } = await (await fetch(`${server.url}/idp/idx/introspect`, { method: 'POST', headers: ion, body: JSON.stringify({ interactionHandle: interaction_handle }) })).json();
  await fetch(`${server.url}/idp/idx/identify`, { method: 'POST', headers: ion, body: JSON.stringify({ identifier: TEST.user, stateHandle }) });
  const done = await fetch(`${server.url}/idp/idx/challenge/answer`, { method: 'POST', headers: ion, body: JSON.stringify({ credentials: { passcode: TEST.password }, stateHandle }) });
  const cookie = done.headers.getSetCookie().find((c) => c.startsWith('idx=')) ?? '';
  assert.match(cookie, /^idx=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
});
