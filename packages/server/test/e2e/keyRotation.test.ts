import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtectedHeader } from 'jose';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { capturingLogger } from '../support/logs.js';
import { TEST, testOrg } from '../support/testOrg.js';

const PREPUBLISH_SECONDS = 600;
const clock = new TestClock();
const log = capturingLogger();
let server: TestServer;
/** A second process on the same database, as behind a load balancer. */
let second: TestServer;
before(async () => {
  server = await startTestServer({ org: testOrg(), clock, logger: log.logger });
  second = await startTestServer({ org: testOrg(), clock, database: server.database });
});
after(async () => {
  await second.lk.close();
  await server.stop();
});

async function token(on: TestServer = server): Promise<string> {
  const r = await fetch(`${on.url}/oauth2/default/v1/token`, {
    method: 'POST', body: 'grant_type=client_credentials',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${TEST.service.clientId}:${TEST.service.secret}`).toString('base64')}` },
  });
  assert.equal(r.status, 200);
  return (await r.json()).access_token;
}
/** Signed by the first key, before any rotation. */
let signedByOldKey: string;
const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid;

/** A new verifier each time, so its JWKS cache starts empty, as a freshly started API would. */
const verify = (jwt: string) => new OktaJwtVerifier({ issuer: `${server.url}/oauth2/default`, testing: { disableHttpsCheck: true } }).verifyAccessToken(jwt, 'api://default');
const kids = async () => (await (await fetch(`${server.url}/oauth2/default/v1/keys`)).json()).keys.map((k: { kid: string }) => k.kid);

async function introspect(jwt: string) {
  const r = await fetch(`${server.url}/oauth2/default/v1/introspect`, {
    method: 'POST', body: new URLSearchParams({ token: jwt }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${TEST.service.clientId}:${TEST.service.secret}`).toString('base64')}` },
  });
  return (await r.json()).active;
}

it('a rotated-in key is published at once and signs only after the pre-publication period, in every process', async () => {
  signedByOldKey = await token();
  const oldKid = kidOf(signedByOldKey);
  assert.equal(kidOf(await token(second)), oldKid, 'the second process has read the key too (and caches it)');
  assert.deepEqual(await kids(), [oldKid]);

  const rotatedAt = clock.now();
  const rotated = await server.lk.keys.rotate('default');
  assert.ok(rotated.signsFrom >= rotatedAt + PREPUBLISH_SECONDS * 1000 && rotated.signsFrom <= clock.now() + PREPUBLISH_SECONDS * 1000);
  assert.deepEqual((await kids()).sort(), [oldKid, rotated.kid].sort(), 'the new key is published at once');
  const rollover = log.events().filter((e) => e.eventType === 'app.oauth2.as.key.rollover');
  assert.equal(rollover.length, 1);
  assert.deepEqual(rollover[0].target, [{ id: 'default', type: 'AuthorizationServer' }, { id: rotated.kid, type: 'JsonWebKey' }]);

  // Real time passes too (the test clock is offset from it): move to a few seconds before the switch.
  clock.advance(rotated.signsFrom - clock.now() - 5000);
  assert.equal(kidOf(await token()), oldKid, 'the old key signs while clients may hold a JWKS without the new one');
  assert.equal(kidOf(await token(second)), oldKid);

  clock.advance(rotated.signsFrom - clock.now() + 1000);
  const afterPeriod = await token();
  assert.equal(kidOf(afterPeriod), rotated.kid, 'then the new key signs');
  assert.equal(kidOf(await token(second)), rotated.kid, 'in the other process too');
  await verify(signedByOldKey);
  await verify(afterPeriod);
  assert.equal(await introspect(signedByOldKey), true);
});

it('retiring refuses while tokens of the replaced key may be valid, then stops publishing it', async () => {
  const [newKid, oldKid] = await kids();
  // The test org's longest access token lives 60 minutes (as does an ID token); the old key stopped signing a second ago.
  const hour = 3600_000;
  const refused = await server.lk.keys.retirePrevious('default', hour);
  assert.ok('refused' in refused);
  assert.equal(refused.refused.kid, oldKid);
  assert.ok(refused.refused.safeAt > clock.now() && refused.refused.safeAt <= clock.now() + hour);
  assert.equal((await kids()).length, 2, 'nothing retired');

  clock.advance(hour);
  assert.deepEqual(await server.lk.keys.retirePrevious('default', hour), { retired: 1 });
  assert.deepEqual(await kids(), [newKid]);
  await assert.rejects(verify(signedByOldKey), /kid|key|Unable|signing/i, 'the retired key no longer verifies');
  assert.equal(await introspect(signedByOldKey), false);
  await verify(await token());
});

it('a forced retirement of the key still signing hands signing to the published one at once', async () => {
  const [signing] = await kids();
  const next = await server.lk.keys.rotate('default');
  assert.equal(kidOf(await token()), signing);
  assert.deepEqual(await server.lk.keys.retirePrevious('default', 3600_000, true), { retired: 1 });
  assert.deepEqual(await kids(), [next.kid]);
  assert.equal(kidOf(await token()), next.kid, 'no token is signed by a key nobody can verify with');
});

it('rotating one server leaves the others alone', async () => {
  const orgKids = async () => (await (await fetch(`${server.url}/oauth2/v1/keys`)).json()).keys.length;
  assert.equal(await orgKids(), 1);
  await server.lk.keys.rotate('default');
  assert.equal(await orgKids(), 1);
});
