import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { capturingLogger } from '../support/logs.js';

const PEOPLE = { dora: 'dora@example.com', rita: 'rita@example.com' };
const APP = 'spa-device';
const signOn = (verificationMethod: Record<string, unknown>) => ({ appSignOn: { access: 'ALLOW', verificationMethod } });

const log = capturingLogger();
let server: TestServer;
let issuer: string;
before(async () => {
  const base = testOrg();
  server = await startTestServer({
    logger: log.logger,
    org: {
      ...base,
      users: [...base.users, ...Object.values(PEOPLE).map((login) => ({ login, password: TEST.password, groups: ['Engineering'] }))],
      apps: [...base.apps, { clientId: APP, label: APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] }],
      policies: [{
        type: 'ACCESS_POLICY', name: 'Device aware', priority: 1, conditions: { apps: { include: [APP] } },
        rules: [
          { name: 'High risk', priority: 1, conditions: { riskScore: { level: 'HIGH' } }, actions: { appSignOn: { access: 'DENY' } } },
          { name: 'New device', priority: 2, conditions: { device: { known: false } }, actions: signOn({ factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] } }] }) },
          { name: 'Known device', priority: 3, conditions: {}, actions: signOn({ factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] } }] }) },
        ],
      }],
    },
  });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const client = (cookies: CookieJar) => oktaAuth({ issuer, clientId: APP, redirectUri: TEST.redirectUri, scopes: ['openid'], cookies, legacy: true });
/** A browser that keeps only the device cookie of another (its session is gone). */
function sameDeviceWithoutSession(browser: CookieJar): CookieJar {
  const dt = browser.header().split('; ').find((c) => c.startsWith('DT='));
  assert.ok(dt, 'the device cookie was set');
  const jar = new CookieJar();
  jar.remember([dt]);
  return jar;
}

let knownBrowser: CookieJar;

it('a new device: the password and a second factor; the answers set a long-lived HttpOnly device cookie', async () => {
  knownBrowser = new CookieJar();
  const auth = client(knownBrowser);
  const tx = await auth.idx.authenticate({ username: PEOPLE.dora, password: TEST.password });
  assert.equal(tx.status, IdxStatus.PENDING, JSON.stringify(tx.messages));
  assert.equal(tx.nextStep?.authenticator?.key, 'okta_email');
  const done = await auth.idx.proceed({ verificationCode: codeIn(await latestEmailText(server.url, PEOPLE.dora)) });
  assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));

  const r = await fetch(`${server.url}/idp/idx/introspect`, { method: 'POST', headers: { 'content-type': 'application/ion+json; okta-version=1.0.0' }, body: JSON.stringify({ stateHandle: 'x' }) });
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('DT='))!;
  assert.match(cookie, /^DT=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Expires=/);
  assert.ok(Date.parse(cookie.split('Expires=')[1]) - Date.now() > 300 * 86_400_000, 'it lasts as long as browsers keep cookies');
});

it('the same device, signed out: it is known now, the password alone signs in', async () => {
  const tx = await client(sameDeviceWithoutSession(knownBrowser)).idx.authenticate({ username: PEOPLE.dora, password: TEST.password });
  assert.equal(tx.status, IdxStatus.SUCCESS, JSON.stringify(tx.messages));
});

it('another browser is a new device again; a device known for Dora is new for Rita', async () => {
  const elsewhere = await client(new CookieJar()).idx.authenticate({ username: PEOPLE.dora, password: TEST.password });
  assert.equal(elsewhere.nextStep?.authenticator?.key, 'okta_email');
  const rita = await client(sameDeviceWithoutSession(knownBrowser)).idx.authenticate({ username: PEOPLE.rita, password: TEST.password });
  assert.equal(rita.nextStep?.authenticator?.key, 'okta_email');
});

/** Two wrong passwords, then the right one, each from a new browser: the message keys of each answer. */
async function attempts(login: string): Promise<string[][]> {
  const keys: string[][] = [];
  for (const password of ['Wrong-1-password', 'Wrong-2-password', TEST.password]) {
    const tx = await client(new CookieJar()).idx.authenticate({ username: login, password });
    keys.push((tx.messages ?? []).map((m) => m.i18n?.key ?? ''));
  }
  return keys;
}

it('high risk (new device, a network Rita never signed in from, two recent failures) is denied, from the answer to the second failure on; the reasons are logged', async () => {
  // The second wrong password raises the risk to HIGH: the answer to it is already the denial.
  assert.deepEqual(await attempts(PEOPLE.rita), [['incorrectPassword'], ['security.access_denied'], ['security.access_denied']]);
  const last = log.events().filter((e) => e.eventType === 'policy.evaluate_sign_on' && e.actor?.alternateId === PEOPLE.rita).at(-1)!;
  assert.equal(last.outcome?.result, 'DENY');
  assert.equal(last.debugContext?.debugData.risk, 'HIGH (new device, new network 127.0.0.0/24, 2 failed attempts in 15 minutes)');
  assert.match(last.debugContext!.debugData.explanation, /^ACCESS_POLICY "Device aware" rule "High risk" → DENY; tried: "High risk" \(.*riskScore yes: HIGH \(new device/);
});

it('an identifier that matches nobody scores as an account would: the same answers (user enumeration prevention)', async () => {
  assert.deepEqual(await attempts('nobody-here@example.com'), [['incorrectPassword'], ['security.access_denied'], ['security.access_denied']]);
});
