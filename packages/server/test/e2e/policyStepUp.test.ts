import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { STEP_UP, stepUpOrg } from '../support/stepUpOrg.js';
import { capturingLogger } from '../support/logs.js';

const PERSON = 'stella@example.com';
const clock = new TestClock();
const log = capturingLogger();
let server: TestServer;
let issuer: string;
let key: SoftAuthenticator;

before(async () => {
  server = await startTestServer({ org: stepUpOrg([PERSON]), clock, logger: log.logger });
  issuer = `${server.url}/oauth2/default`;
  key = new SoftAuthenticator(server.url);
});
after(() => server.stop());

type Json = any;
// The server's clock moves ahead in the last test: the SDK allows for it when it checks the tokens.
const client = (clientId: string, cookies: CookieJar) => oktaAuth({ issuer, clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], cookies, legacy: true, maxClockSkew: 3600 * 2 });
const offeredKeys = (tx: Json): string[] => (tx.nextStep?.options ?? []).map((o: Json) => o.value).concat(tx.nextStep?.authenticator ? [tx.nextStep.authenticator.key] : []);

it('app B in a new browser: after the password only a security key is offered (the email is not phishing-resistant); enrolled, it signs in', async () => {
  const b = client(STEP_UP.appB, new CookieJar());
  const tx = await b.idx.authenticate({ username: PERSON, password: TEST.password });
  assert.equal(tx.nextStep?.name, 'enroll-authenticator', JSON.stringify(tx.messages));
  assert.deepEqual(offeredKeys(tx), ['webauthn']);
  const done = await b.idx.proceed(key.register((tx.nextStep!.authenticator!.contextualData as Json).activationData));
  assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
});

it('step-up: signed in to A with a password, app B asks only for the security key, then signs in (amr pwd, hwk, mfa)', async () => {
  const browser = new CookieJar();
  const a = await client(STEP_UP.appA, browser).idx.authenticate({ username: PERSON, password: TEST.password });
  assert.equal(a.status, IdxStatus.SUCCESS, JSON.stringify(a.messages));

  const b = client(STEP_UP.appB, browser);
  const stepUp = await b.idx.authenticate();
  assert.equal(stepUp.status, IdxStatus.PENDING, JSON.stringify(stepUp.messages));
  assert.equal(stepUp.nextStep?.name, 'challenge-authenticator');
  assert.deepEqual(offeredKeys(stepUp), ['webauthn'], 'the password is in the session: not asked again');
  const { challengeData } = stepUp.nextStep!.authenticator!.contextualData as { challengeData: Json };
  const done = await b.idx.proceed(key.assert(challengeData.challenge));
  assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
  assert.deepEqual([...(done.tokens!.idToken!.claims.amr as string[])].sort(), ['hwk', 'mfa', 'pwd']);

  // Each decision is logged with which rule matched and why.
  const decisions = log.events().filter((e) => e.eventType === 'policy.evaluate_sign_on' && e.actor?.alternateId === PERSON).map((e) => e.debugContext!.debugData.explanation);
  assert.ok(decisions.includes('ACCESS_POLICY "Keys for B" rule "Password and a phishing-resistant factor" → ALLOW 2FA, password, possession phishingResistant; '
    + 'tried: "Password and a phishing-resistant factor" (people yes: everyone; network yes: anywhere; device yes: any; riskScore yes: any; '
    + 'authenticators yes: any)'), decisions.join('\n'));
  // No rule of this org has a device or risk condition: the signals are not read, and the log says so.
  const risks = log.events().filter((e) => e.eventType === 'policy.evaluate_sign_on' && e.actor?.alternateId === PERSON).map((e) => e.debugContext!.debugData.risk);
  assert.ok(risks.length > 0 && risks.every((r) => r === 'not assessed: no rule reads it'), risks.join('\n'));
});

it('re-authentication at every sign-in (PT0S): app D asks the password a session verified a moment ago, and the one typed now signs in', async () => {
  const browser = new CookieJar();
  assert.equal((await client(STEP_UP.appA, browser).idx.authenticate({ username: PERSON, password: TEST.password })).status, IdxStatus.SUCCESS);
  const always = client(STEP_UP.appD, browser);
  const asked = await always.idx.authenticate();
  assert.equal(asked.status, IdxStatus.PENDING);
  assert.equal(asked.nextStep?.authenticator?.key, 'okta_password');
  const done = await always.idx.proceed({ password: TEST.password });
  assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
});

it('re-authentication frequency: app C takes the session\'s password within the hour, asks it again after', async () => {
  const browser = new CookieJar();
  assert.equal((await client(STEP_UP.appA, browser).idx.authenticate({ username: PERSON, password: TEST.password })).status, IdxStatus.SUCCESS);
  assert.equal((await client(STEP_UP.appC, browser).idx.authenticate()).status, IdxStatus.SUCCESS, 'a password verified minutes ago counts');
  clock.advance(61 * 60_000);
  const again = client(STEP_UP.appC, browser);
  const asked = await again.idx.authenticate();
  assert.equal(asked.status, IdxStatus.PENDING);
  assert.equal(asked.nextStep?.name, 'challenge-authenticator');
  assert.equal(asked.nextStep?.authenticator?.key, 'okta_password');
  const done = await again.idx.proceed({ password: TEST.password });
  assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
});
