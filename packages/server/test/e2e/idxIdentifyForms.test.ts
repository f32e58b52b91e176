import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { importOrg } from '../../src/org/orgFile/import.js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';
import { interact, interactionCodeOf, introspect, messageKeys, remediation, remediationNames, submit } from '../support/idx.js';

/**
 * The identify form follows org settings, changed by re-importing the org file: the global session
 * policy's primary factor (identifier first, or the password on the identify form) and user
 * enumeration prevention (unknown usernames answered like known ones, or told apart).
 */
const sessionPolicy = (primaryFactor: string) => ({
  type: 'OKTA_SIGN_ON', name: 'Global session policy', priority: 1, conditions: {},
  rules: [{ name: 'Everyone', priority: 1, conditions: {}, actions: { signon: { access: 'ALLOW', primaryFactor } } }],
});
const org = (o: { passwordFirst?: boolean; enumerationPrevention?: boolean }) => ({
  ...testOrg(),
  org: { name: 'Test Org', userEnumerationPrevention: o.enumerationPrevention ?? true },
  policies: [sessionPolicy(o.passwordFirst ? 'PASSWORD_IDP' : 'PASSWORD_IDP_ANY_FACTOR')],
});

const clock = new TestClock();
let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: org({}), clock });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

/** Re-imports the org file with other settings; every process sees it within a second (moved on here). */
async function reimport(settings: Parameters<typeof org>[0]) {
  await importOrg(server.lk.store, parseOrgFile(JSON.stringify(org(settings)), 'org.json'), clock.now());
  clock.advance(1500);
}

async function start() {
  const started = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri });
  return (await introspect(server.url, { interactionHandle: started.json.interaction_handle })).json;
}

describe('identify with the password on the same form (global session policy: primaryFactor PASSWORD_IDP)', () => {
  before(() => reimport({ passwordFirst: true }));

  it('identify asks username and password; both in one request sign in', async () => {
    const first = await start();
    const fields = remediation(first, 'identify').value.map((f: { name: string }) => f.name);
    assert.deepEqual(fields, ['identifier', 'credentials', 'rememberMe', 'stateHandle']);
    const done = await submit(first, 'identify', { identifier: TEST.user, credentials: { passcode: TEST.password } });
    assert.equal(done.status, 200, JSON.stringify(done.json));
    assert.ok(interactionCodeOf(done.json));
  });

  it('a wrong password, or an unknown user, answers the same: the password challenge with the same message', async () => {
    const answers = [];
    for (const identifier of [TEST.user, 'nobody@example.com']) {
      const wrong = await submit(await start(), 'identify', { identifier, credentials: { passcode: 'Wrong-Password-1' } });
      answers.push({ status: wrong.status, names: remediationNames(wrong.json), keys: messageKeys(wrong.json) });
    }
    assert.deepEqual(answers[0], { status: 401, names: ['challenge-authenticator', 'select-authenticator-authenticate'], keys: ['incorrectPassword'] });
    assert.deepEqual(answers[1], answers[0]);
  });

  it('okta-auth-js signs in with username and password', async () => {
    const auth = oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], legacy: true });
    const tx = await auth.idx.authenticate({ username: TEST.user, password: TEST.password });
    assert.equal(tx.status, IdxStatus.SUCCESS, JSON.stringify(tx.messages));
  });

  it('back to identifier first after the policy changes: identify asks only the username', async () => {
    await reimport({});
    const fields = remediation(await start(), 'identify').value.map((f: { name: string }) => f.name);
    assert.deepEqual(fields, ['identifier', 'rememberMe', 'stateHandle']);
  });
});

describe('user enumeration prevention', () => {
  it('on (the default): an unknown username gets the password challenge a real account gets', async () => {
    await reimport({});
    const answer = await submit(await start(), 'identify', { identifier: 'nobody@example.com' });
    assert.equal(answer.status, 200);
    assert.deepEqual(remediationNames(answer.json), ['challenge-authenticator', 'select-authenticator-authenticate']);
  });

  it('off: an unknown username is told so on the identify form (idx.unknown.user, INFO as Okta answers it); a known one goes on', async () => {
    await reimport({ enumerationPrevention: false });
    const unknown = await submit(await start(), 'identify', { identifier: 'nobody@example.com' });
    assert.equal(unknown.status, 200);
    assert.equal(unknown.json.messages.value[0].class, 'INFO');
    assert.deepEqual(remediationNames(unknown.json), ['identify']);
    assert.deepEqual(messageKeys(unknown.json), ['idx.unknown.user']);
    assert.match(unknown.json.messages.value[0].message, /nobody@example.com/);
    const again = await submit(unknown.json, 'identify', { identifier: TEST.user });
    assert.equal(again.status, 200);
    assert.equal(again.json.currentAuthenticatorEnrollment.value.key, 'okta_password');
  });

  it('the setting round-trips through org export', async () => {
    const { exportOrg } = await import('../../src/org/orgFile/export.js');
    assert.equal((await exportOrg(server.lk.store)).org?.userEnumerationPrevention, false);
  });
});
