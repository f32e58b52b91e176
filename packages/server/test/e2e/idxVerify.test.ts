/**
 * Latchkey Verify (okta_verify, push) end to end: @okta/okta-auth-js signs in while the device
 * client answers through the device API. The `latchkey verify` command runs as its own process for
 * enrolment and the first approval; later cases call the module it wraps (DeviceClient).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { IdxStatus } from '@okta/okta-auth-js';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { runCli } from '../support/process.js';
import { TEST, testOrg, passwordAndAnotherPolicy } from '../support/testOrg.js';
import { interact, introspect, messageKeys, submit, type Json } from '../support/idx.js';
import { DeviceClient } from '../../src/cli/verify/deviceClient.js';
import { DEVICE_JWT_TYPE, DEVICE_PATHS } from '../../src/authenticators/verify/deviceProtocol.js';
import { PUSH_LIFETIME_MS } from '../../src/authenticators/verify/pushChallenge.js';

const PERSON = 'vera@example.com';
const TWO_FACTOR_APP = 'spa-push';

function verifyOrg() {
  const base = testOrg();
  return {
    ...base,
    groups: [...base.groups, { name: 'Push required' }],
    users: [...base.users, { login: PERSON, password: TEST.password, groups: ['Engineering', 'Push required'], emailVerified: false }],
    apps: [...base.apps, { clientId: TWO_FACTOR_APP, label: TWO_FACTOR_APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] }],
    policies: [
      passwordAndAnotherPolicy([TWO_FACTOR_APP]),
      {
        type: 'MFA_ENROLL', name: 'Push required', priority: 1, conditions: { people: { groups: { include: ['Push required'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'okta_verify', enroll: { self: 'REQUIRED' } }] },
      },
    ],
  };
}

const clock = new TestClock();
let server: TestServer;
let issuer: string;
const dir = mkdtempSync(join(tmpdir(), 'latchkey-verify-'));
const keyFile = join(dir, 'device.json');
before(async () => {
  server = await startTestServer({ org: verifyOrg(), clock });
  issuer = `${server.url}/oauth2/default`;
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const client = () => oktaAuth({ issuer, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile'], legacy: true });
const verify = (...args: string[]) => runCli(['verify', ...args, '--key', keyFile]);

/** interact → introspect → identify → password over plain HTTP: the push is sent (the only second factor). */
async function pushed(): Promise<Json> {
  const started = await interact(issuer, { clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri });
  const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
  const identified = await submit(first.json, 'identify', { identifier: PERSON });
  const answered = await submit(identified.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } });
  assert.equal(answered.status, 200, JSON.stringify(answered.json));
  return answered.json;
}

/** The id of Latchkey Verify in the state's select-authenticator-authenticate form. */
const selectedId = (state: Json): string => state.remediation.value.find((r: Json) => r.name === 'select-authenticator-authenticate')
  .value[0].options.find((o: Json) => o.label === 'Latchkey Verify').value.form.value.find((f: Json) => f.name === 'id').value;

/** A device JWT as the client makes one, with any key and claims (for forgeries and replays). */
async function deviceJwt(privateJwk: JWK, kid: string, path: string, claims: Record<string, unknown> = {}, at = Date.now()): Promise<string> {
  const iat = Math.floor(at / 1000);
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: DEVICE_JWT_TYPE, kid }).setAudience(`${server.url}${path}`)
    .setIssuedAt(iat).setExpirationTime(iat + 60).setJti(randomBytes(8).toString('hex')).sign(await importJWK(privateJwk, 'ES256'));
}
const listWith = (jwt: string) => fetch(`${server.url}${DEVICE_PATHS.challenges}`, { headers: { authorization: `Device ${jwt}` } });

describe('Latchkey Verify with @okta/okta-auth-js and the `latchkey verify` command as the device', () => {
  it('enrolls by the QR code\'s URI (enroll-poll), then approves a sign-in choosing the number shown (tokens: pwd, swk, mfa)', async () => {
    const auth = client();
    const enrolling = await auth.idx.authenticate({ username: PERSON, password: TEST.password });
    assert.equal(enrolling.status, IdxStatus.PENDING, JSON.stringify(enrolling.messages));
    assert.equal(enrolling.nextStep?.name, 'enroll-poll');
    assert.equal(enrolling.nextStep?.authenticator?.key, 'okta_verify');
    assert.equal(enrolling.nextStep?.poll?.refresh, 4000);
    const { qrcode, enrollmentUri } = enrolling.nextStep!.authenticator!.contextualData as { qrcode: Json; enrollmentUri: string };
    assert.match(qrcode.href, /^data:image\/png;base64,/);
    assert.match(enrollmentUri, /^latchkey-verify:\/\/enroll\?org=.+&token=.+$/);

    const stillWaiting = await auth.idx.poll();
    assert.equal(stillWaiting.nextStep?.name, 'enroll-poll', 'nothing enrolled yet');
    const enrolled = await verify('enroll', enrollmentUri, '--name', 'Vera\'s laptop');
    assert.equal(enrolled.code, 0, enrolled.stderr);
    assert.match(enrolled.stdout, /^enrolled pae\w+; key in /);
    await assert.rejects(DeviceClient.enroll(enrollmentUri, 'Another', join(dir, 'again.json')), /the enrollment code is unknown, used or expired/, 'the QR code enrols one device only');

    const done = await auth.idx.poll();
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.deepEqual([...claimsOf(done.tokens!.idToken!.idToken).amr].sort(), ['mfa', 'pwd', 'swk']);

    const again = client();
    const challenged = await again.idx.authenticate({ username: PERSON, password: TEST.password });
    assert.equal(challenged.nextStep?.name, 'challenge-poll', JSON.stringify(challenged.messages));
    assert.equal(challenged.nextStep?.authenticator?.key, 'okta_verify');
    const { correctAnswer } = challenged.nextStep!.authenticator!.contextualData as { correctAnswer: string };
    assert.match(correctAnswer, /^\d\d$/);
    const pending = await verify('pending', '--json');
    assert.equal(pending.code, 0, pending.stderr);
    const [push] = JSON.parse(pending.stdout) as Array<{ id: string; choices: number[] }>;
    assert.equal(push.choices.length, 3);
    assert.ok(push.choices.includes(Number(correctAnswer)), 'the number shown is one of the device\'s three');
    const approved = await verify('approve', push.id, '--number', correctAnswer);
    assert.equal(approved.code, 0, approved.stderr);
    assert.equal(approved.stdout, 'APPROVED\n');
    const signedIn = await again.idx.poll();
    assert.equal(signedIn.status, IdxStatus.SUCCESS, JSON.stringify(signedIn.messages));
    assert.deepEqual([...claimsOf(signedIn.tokens!.idToken!.idToken).amr].sort(), ['mfa', 'pwd', 'swk']);
  });

  it('a denied push, and one approved with a wrong number, end with Okta\'s rejection; the push is answered once', async () => {
    const device = await DeviceClient.open(keyFile);
    const auth = client();
    const challenged = await auth.idx.authenticate({ username: PERSON, password: TEST.password });
    assert.equal(challenged.nextStep?.name, 'challenge-poll');
    const [push] = await device.pending();
    assert.equal(await device.answer(push.id, 'deny'), 'DENIED');
    await assert.rejects(device.answer(push.id, 'approve', push.choices[0]), /answered already or expired/);
    const rejected = await auth.idx.poll();
    assert.notEqual(rejected.status, IdxStatus.SUCCESS);
    assert.deepEqual(rejected.messages?.map((m) => m.i18n?.key), ['api.authn.poll.error.push_rejected']);
    assert.equal(rejected.messages?.[0].message, 'You have chosen to reject this login.');

    const state = await pushed();
    const shown = Number(state.currentAuthenticator.value.contextualData.correctAnswer);
    const [next] = await device.pending();
    const wrong = next.choices.find((n) => n !== shown)!;
    assert.equal(await device.answer(next.id, 'approve', wrong), 'DENIED', 'a wrong number counts as a denial');
    const polled = await submit(state, 'challenge-poll');
    assert.equal(polled.status, 403);
    assert.deepEqual(messageKeys(polled.json), ['api.authn.poll.error.push_rejected']);
    assert.ok(!polled.json.successWithInteractionCode);
  });

  it('the device API refuses a forged signature, a replayed JWT, another endpoint\'s JWT and a missing one (401)', async () => {
    const { enrollmentId, privateJwk } = JSON.parse(readFileSync(keyFile, 'utf8')) as { enrollmentId: string; privateJwk: JWK };
    const other = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const forged = await listWith(await deviceJwt(other, enrollmentId, DEVICE_PATHS.challenges));
    assert.equal(forged.status, 401);
    assert.equal((await forged.json()).error, 'invalid_token');
    assert.match(forged.headers.get('www-authenticate') ?? '', /^Device error="invalid_token"/);

    const good = await deviceJwt(privateJwk, enrollmentId, DEVICE_PATHS.challenges);
    const [header, , signature] = good.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claimsOf(good), jti: 'other' })).toString('base64url')}.${signature}`;
    assert.equal((await listWith(tampered)).status, 401);
    assert.equal((await listWith(good)).status, 200);
    const replayed = await listWith(good);
    assert.equal(replayed.status, 401);
    assert.match((await replayed.json()).error_description, /used already/);

    const elsewhere = await deviceJwt(privateJwk, enrollmentId, DEVICE_PATHS.answer('psh1'), { decision: 'approve' });
    assert.equal((await listWith(elsewhere)).status, 401, 'aud names one endpoint');
    assert.equal((await fetch(`${server.url}${DEVICE_PATHS.challenges}`)).status, 401);
    const garbage = await fetch(`${server.url}${DEVICE_PATHS.enroll}`, { method: 'POST', headers: { authorization: 'Device not.a.jwt' } });
    assert.equal(garbage.status, 401);
  });

  it('a push expires after 5 minutes: the poll says so, the device no longer sees it and cannot answer it', async () => {
    const { enrollmentId, privateJwk } = JSON.parse(readFileSync(keyFile, 'utf8')) as { enrollmentId: string; privateJwk: JWK };
    const state = await pushed();
    const pending = await (await DeviceClient.open(keyFile)).pending();
    const push = pending[pending.length - 1];
    clock.advance(PUSH_LIFETIME_MS + 1000);
    try {
      const polled = await submit(state, 'challenge-poll');
      assert.equal(polled.status, 403);
      assert.deepEqual(messageKeys(polled.json), ['oktaverify.timeout']);
      // JWTs made at the server's (advanced) time; the device's own clock is 5 minutes behind it now.
      const listed = await listWith(await deviceJwt(privateJwk, enrollmentId, DEVICE_PATHS.challenges, {}, clock.now()));
      assert.deepEqual((await listed.json()).challenges.map((c: Json) => c.id).filter((id: string) => id === push.id), []);
      const number = Number(state.currentAuthenticator.value.contextualData.correctAnswer);
      const late = await fetch(`${server.url}${DEVICE_PATHS.answer(push.id)}`, {
        method: 'POST', headers: { authorization: `Device ${await deviceJwt(privateJwk, enrollmentId, DEVICE_PATHS.answer(push.id), { decision: 'approve', number }, clock.now())}` },
      });
      assert.equal(late.status, 409);
    } finally {
      clock.advance(-(PUSH_LIFETIME_MS + 1000));
    }
  });

  it('choosing Latchkey Verify again sends a new push, at most 10 per username in 15 minutes (then 429, no push)', async () => {
    const state = await pushed();
    const device = await DeviceClient.open(keyFile);
    const statuses: number[] = [];
    for (let i = 0; i < 10 && !statuses.includes(429); i++) {
      statuses.push((await submit(state, 'select-authenticator-authenticate', { authenticator: { id: selectedId(state), methodType: 'push' } })).status);
    }
    assert.ok(statuses.includes(429), `the limit was reached: ${statuses.join(' ')}`);
    const refused = statuses.indexOf(429);
    assert.ok(statuses.slice(0, refused).every((s) => s === 200));
    const pending = await device.pending();
    assert.ok(pending.length <= 10, `${pending.length} pushes pending`);
    assert.equal((await verify('approve', '--number', 'x')).code, 2, 'a usage error of the command');
  });
});
