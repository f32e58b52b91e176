import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtectedHeader } from 'jose';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: testOrg() });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

async function token(): Promise<string> {
  const r = await fetch(`${issuer}/v1/token`, {
    method: 'POST', body: 'grant_type=client_credentials',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${TEST.service.clientId}:${TEST.service.secret}`).toString('base64')}` },
  });
  assert.equal(r.status, 200);
  return (await r.json()).access_token;
}

/** A new verifier each time, so its JWKS cache starts empty, as a freshly started API would. */
const verify = (jwt: string) => new OktaJwtVerifier({ issuer, testing: { disableHttpsCheck: true } }).verifyAccessToken(jwt, 'api://default');
const kids = async () => (await (await fetch(`${issuer}/v1/keys`)).json()).keys.map((k: { kid: string }) => k.kid);

async function introspect(jwt: string) {
  const r = await fetch(`${issuer}/v1/introspect`, {
    method: 'POST', body: new URLSearchParams({ token: jwt }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${TEST.service.clientId}:${TEST.service.secret}`).toString('base64')}` },
  });
  return (await r.json()).active;
}

it('a token signed before a rotation verifies until its key is retired', async () => {
  const before = await token();
  const oldKid = decodeProtectedHeader(before).kid;
  assert.deepEqual(await kids(), [oldKid]);

  const newKid = await server.lk.keys.rotate('default');
  assert.deepEqual((await kids()).sort(), [oldKid, newKid].sort(), 'both keys are published during the overlap');
  const afterRotation = await token();
  assert.equal(decodeProtectedHeader(afterRotation).kid, newKid, 'new tokens are signed with the new key');
  await verify(before);
  await verify(afterRotation);
  assert.equal(await introspect(before), true);

  assert.equal(await server.lk.keys.retirePrevious('default'), 1);
  assert.deepEqual(await kids(), [newKid]);
  await assert.rejects(verify(before), /kid|key|Unable|signing/i, 'the retired key no longer verifies');
  assert.equal(await introspect(before), false);
  await verify(afterRotation);
});

it('rotating one server leaves the others alone', async () => {
  const orgKids = async () => (await (await fetch(`${server.url}/oauth2/v1/keys`)).json()).keys.length;
  assert.equal(await orgKids(), 1);
  await server.lk.keys.rotate('default');
  assert.equal(await orgKids(), 1);
});
