import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus, type IdxTransaction } from '@okta/okta-auth-js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';
import { importOrg } from '../../src/org/orgFile/import.js';
import { hashSecret } from '../../src/platform/crypto.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { FACTOR_LIFETIME_MINUTES, IDLE_MINUTES, keepSignedInOrg, LIFETIME_MINUTES } from '../support/keepSignedInOrg.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { codeIn, latestEmailText } from '../support/outbox.js';

type Json = any;

const clock = new TestClock();
let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: keepSignedInOrg('BEFORE_SIGN_IN'), clock });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

// The server's clock runs ahead of the client's (TestClock): tokens would look issued in the future.
const client = (browser: CookieJar) => oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], cookies: browser, maxClockSkew: 86_400 });

/** Signs in with okta-auth-js as a browser would; answers whether the email code (the MFA) was asked. */
async function signIn(browser: CookieJar, username: string, rememberMe?: boolean): Promise<{ mfa: boolean }> {
  const auth = client(browser);
  let tx: IdxTransaction = await auth.idx.authenticate({ username, password: TEST.password, ...(rememberMe !== undefined && { rememberMe }) });
  const mfa = tx.status === IdxStatus.PENDING;
  if (mfa) {
    assert.equal((tx.nextStep as Json)?.authenticator?.key, 'okta_email', JSON.stringify(tx.nextStep));
    tx = await auth.idx.proceed({ verificationCode: codeIn(await latestEmailText(server.url, username)) });
  }
  assert.equal(tx.status, IdxStatus.SUCCESS, JSON.stringify(tx.messages));
  return { mfa };
}

/** The store's name for the browser's device (the hash of its device cookie). */
const deviceOf = (browser: CookieJar) => hashSecret(/^DT=([^;]+)/.exec(browser.lastSet('DT')!)![1]);

/** Lets every session idle out (the devices stay remembered: the factor lifetime is longer). */
const idleOut = () => clock.advance((IDLE_MINUTES + 1) * 60_000);

it('the identify form offers "Keep me signed in" (rememberMe) when the org shows it', async () => {
  const tx = await client(new CookieJar()).idx.authenticate();
  assert.deepEqual(tx.nextStep?.inputs?.map((i) => i.name), ['username', 'rememberMe']);
});

it('okta-auth-js with rememberMe: a persistent session cookie that expires with the session\'s lifetime, and the device is not asked for MFA again', async () => {
  const browser = new CookieJar();
  const before = clock.now();
  assert.deepEqual(await signIn(browser, TEST.user, true), { mfa: true });
  const cookie = browser.lastSet('idx')!;
  const expires = Date.parse(/; Expires=([^;]+)/.exec(cookie)?.[1] ?? '');
  // Expires has whole seconds.
  assert.ok(Math.abs(expires - (before + LIFETIME_MINUTES * 60_000)) < 5_000, cookie);

  browser.restart();
  const again = await client(browser).idx.authenticate();
  assert.equal(again.status, IdxStatus.SUCCESS, 'the session outlives the browser');

  idleOut();
  assert.deepEqual(await signIn(browser, TEST.user), { mfa: false }, 'a new session on the remembered device: the password alone');
});

it('without rememberMe the cookie ends with the browser, and the next session on the device asks MFA again', async () => {
  const browser = new CookieJar();
  assert.deepEqual(await signIn(browser, TEST.otherUser, false), { mfa: true });
  assert.doesNotMatch(browser.lastSet('idx')!, /Expires=/);
  browser.restart();
  assert.equal((await client(browser).idx.authenticate()).nextStep?.name, 'identify', 'the session ended with the browser');
  assert.deepEqual(await signIn(browser, TEST.otherUser), { mfa: true });
});

it('the device is remembered for its own browser and user only, and for factorLifetime minutes', async () => {
  const browser = new CookieJar();
  assert.deepEqual(await signIn(browser, TEST.user, true), { mfa: true });
  assert.deepEqual(await signIn(new CookieJar(), TEST.user), { mfa: true }, 'another browser');
  idleOut();
  assert.deepEqual(await signIn(browser, TEST.otherUser), { mfa: true }, 'another user on the remembered browser');

  clock.advance(FACTOR_LIFETIME_MINUTES * 60_000);
  assert.deepEqual(await signIn(browser, TEST.user), { mfa: true }, 'after the factor lifetime');
});

it('signing out (/oauth2/v1/logout) forgets the device: the next sign-in asks MFA', async () => {
  const browser = new CookieJar();
  const auth = client(browser);
  assert.deepEqual(await signIn(browser, TEST.user, true), { mfa: true });
  const { tokens } = await auth.idx.authenticate();
  const logout = await fetch(`${issuer}/v1/logout?id_token_hint=${tokens!.idToken!.idToken}`, { headers: { cookie: browser.header() }, redirect: 'manual' });
  browser.remember(logout.headers.getSetCookie());
  assert.deepEqual(await signIn(browser, TEST.user), { mfa: true });
});

it('deactivating the user ends the remembered device with the sessions', async () => {
  const browser = new CookieJar();
  assert.deepEqual(await signIn(browser, TEST.otherUser, true), { mfa: true });
  assert.notEqual(await server.lk.store.signInHistory.mfaRememberedAt((await server.lk.store.users.findByLogin(TEST.otherUser))!.id, deviceOf(browser)), undefined);
  const bob = (await server.lk.store.users.findByLogin(TEST.otherUser))!;
  const deactivated = keepSignedInOrg('BEFORE_SIGN_IN');
  await importOrg(server.lk.store, parseOrgFile(JSON.stringify({ ...deactivated, users: deactivated.users.map((u) => (u.login === TEST.otherUser ? { ...u, status: 'DEPROVISIONED' } : u)) }), 'org.json'), clock.now());
  assert.equal((await client(browser).idx.authenticate()).nextStep?.name, 'identify', 'the session ended');
  assert.equal(await server.lk.store.signInHistory.mfaRememberedAt(bob.id, deviceOf(browser)), undefined);
});

it('a rule\'s rememberDeviceByDefault (Classic\'s box, which the Identity Engine does not have) remembers no device: only "Keep me signed in" does', async () => {
  const org = keepSignedInOrg('BEFORE_SIGN_IN');
  const byDefault = { ...org, policies: org.policies.map((p: Json) => (p.type === 'OKTA_SIGN_ON' ? { ...p, rules: p.rules.map((r: Json) => ({ ...r, actions: { signon: { ...r.actions.signon, rememberDeviceByDefault: true } } })) } : p)) };
  await importOrg(server.lk.store, parseOrgFile(JSON.stringify(byDefault), 'org.json'), clock.now());
  clock.advance(1500); // every process's configuration cache sees the change within a second
  const browser = new CookieJar();
  assert.deepEqual(await signIn(browser, TEST.user, false), { mfa: true });
  idleOut();
  assert.deepEqual(await signIn(browser, TEST.user, true), { mfa: true }, 'not remembered without "Keep me signed in"');
  idleOut();
  assert.deepEqual(await signIn(browser, TEST.user), { mfa: false }, 'remembered once the person chose it');
});

it('when the org does not show it, the form has no rememberMe and a rememberMe sent anyway changes nothing', async () => {
  await importOrg(server.lk.store, parseOrgFile(JSON.stringify(keepSignedInOrg('NOT_ENABLED')), 'org.json'), clock.now());
  clock.advance(1500); // every process's configuration cache sees the change within a second
  const tx = await client(new CookieJar()).idx.authenticate();
  assert.deepEqual(tx.nextStep?.inputs?.map((i) => i.name), ['username']);

  const browser = new CookieJar();
  const interact = await fetch(`${issuer}/v1/interact`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: TEST.spa.clientId, scope: 'openid', redirect_uri: TEST.redirectUri, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }),
  });
  const ion = { 'content-type': 'application/ion+json; okta-version=1.0.0', accept: 'application/ion+json; okta-version=1.0.0' };
  const post = async (path: string, body: Json) => {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...ion, cookie: browser.header() }, body: JSON.stringify(body) });
    browser.remember(r.headers.getSetCookie());
    return r.json();
  };
  const { stateHandle } = await post('/idp/idx/introspect', { interactionHandle: (await interact.json()).interaction_handle });
  await post('/idp/idx/identify', { identifier: TEST.user, rememberMe: true, stateHandle });
  await post('/idp/idx/challenge/answer', { credentials: { passcode: TEST.password }, stateHandle });
  const done = await post('/idp/idx/challenge/answer', { credentials: { passcode: codeIn(await latestEmailText(server.url, TEST.user)) }, stateHandle });
  assert.ok(done.successWithInteractionCode, JSON.stringify(done.messages));
  assert.doesNotMatch(browser.lastSet('idx')!, /Expires=/);
  idleOut();
  assert.deepEqual(await signIn(browser, TEST.user), { mfa: true });
});
