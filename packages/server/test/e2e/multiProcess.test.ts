import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startProcessPair, type ProcessPair, type ServerProcess } from '../support/process.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { Store } from '../../src/store/store.js';
import { systemClock } from '../../src/platform/clock.js';
import { issueAuthorizationCode } from '../../src/oauth/authorizationCodes.js';

let pair: ProcessPair | undefined;
let a: ServerProcess;
let b: ServerProcess;
let store: Store;

before(async () => {
  pair = await startProcessPair(testOrg(), 'https://login.latchkey.test');
  if (!pair) return;
  ({ a, b } = pair);
  store = Store.open(pair.database.url);
});

after(async () => {
  await store?.close();
  await pair?.stop();
});

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function token(base: string, clientId: string, secret: string, body: Record<string, string>) {
  const r = await fetch(`${base}/oauth2/default/v1/token`, {
    method: 'POST', body: new URLSearchParams(body), headers: { authorization: basic(clientId, secret), 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { status: r.status, json: await r.json() };
}

async function codeFor(clientId: string) {
  const verifier = oidc.randomPKCECodeVerifier();
  const user = await store.users.findByLogin(TEST.user);
  const code = await issueAuthorizationCode(store, systemClock, await store.apps.findByClientId(clientId), {
    clientId, serverId: 'default', userId: user!.id, redirectUri: TEST.redirectUri, scopes: ['openid', 'offline_access'],
    codeChallenge: await oidc.calculatePKCECodeChallenge(verifier), codeChallengeMethod: 'S256', authTime: Date.now(), amr: ['pwd'],
  });
  return { code, verifier };
}

it('two processes on one PostgreSQL: a refresh token issued by one is rotated by the other; reuse is caught across them', async (t) => {
  if (!pair) return t.skip('no PostgreSQL reachable');
  const { code, verifier } = await codeFor(TEST.strict.clientId);
  const first = await token(a.url, TEST.strict.clientId, TEST.strict.secret, { grant_type: 'authorization_code', code, redirect_uri: TEST.redirectUri, code_verifier: verifier });
  assert.equal(first.status, 200, JSON.stringify(first.json));

  const rotated = await token(b.url, TEST.strict.clientId, TEST.strict.secret, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token });
  assert.equal(rotated.status, 200, JSON.stringify(rotated.json));
  assert.notEqual(rotated.json.refresh_token, first.json.refresh_token);

  const reused = await token(a.url, TEST.strict.clientId, TEST.strict.secret, { grant_type: 'refresh_token', refresh_token: first.json.refresh_token });
  assert.equal(reused.json.error, 'invalid_grant');
  const family = await token(b.url, TEST.strict.clientId, TEST.strict.secret, { grant_type: 'refresh_token', refresh_token: rotated.json.refresh_token });
  assert.equal(family.json.error, 'invalid_grant', 'reuse seen by one process revoked the family for the other');
});

it('both processes publish the same keys, so a token from one verifies at the other', async (t) => {
  if (!pair) return t.skip('no PostgreSQL reachable');
  const [ka, kb] = await Promise.all([a, b].map(async (p) => (await (await fetch(`${p.url}/oauth2/default/v1/keys`)).json()).keys));
  assert.deepEqual(ka, kb);
  assert.equal(ka.length, 1, 'processes starting together created one key, not one each');
  const cc = await token(a.url, TEST.service.clientId, TEST.service.secret, { grant_type: 'client_credentials' });
  const r = await fetch(`${b.url}/oauth2/default/v1/introspect`, {
    method: 'POST', body: new URLSearchParams({ token: cc.json.access_token }),
    headers: { authorization: basic(TEST.service.clientId, TEST.service.secret), 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal((await r.json()).active, true);
});
