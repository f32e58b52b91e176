import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startProcessPair, type ProcessPair, type ServerProcess } from '../support/process.js';
import { TEST, testOrg } from '../support/testOrg.js';
import {
  ION, interact, interactionCodeOf, introspect, messageKeys, redeem, remediation, remediationNames, submit, type HttpAnswer, type Json,
} from '../support/idx.js';

/**
 * Two `latchkey serve` processes on one PostgreSQL behind one public URL, as behind a load balancer:
 * an IDX sign-in whose steps land on alternate processes must work, since every step's state is in
 * the store. Raw HTTP mirroring okta-auth-js (it targets one issuer URL, so it cannot alternate).
 */

const PUBLIC_URL = 'https://login.latchkey.test';
const ISSUER = `${PUBLIC_URL}/oauth2/default`;

let pair: ProcessPair | undefined;
let a: ServerProcess;
let b: ServerProcess;

before(async () => {
  pair = await startProcessPair(testOrg(), PUBLIC_URL);
  if (pair) ({ a, b } = pair);
});
after(() => pair?.stop());

const issuerAt = (p: ServerProcess) => `${p.url}/oauth2/default`;

function assertStep(r: HttpAnswer, status: number, what: string) {
  assert.equal(r.status, status, `${what}: ${JSON.stringify(r.json)}`);
  assert.equal(r.contentType, ION, `${what}: ${r.contentType}`);
}

/** /v1/interact at one process, introspect by the interaction handle at another. */
async function start(interactAt: ServerProcess, introspectAt: ServerProcess, nonce: string) {
  const started = await interact(issuerAt(interactAt), { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, nonce });
  assert.equal(started.status, 200, JSON.stringify(started.json));
  const first = await introspect(introspectAt.url, { interactionHandle: started.json.interaction_handle });
  assertStep(first, 200, 'introspect');
  assert.deepEqual(remediationNames(first.json), ['identify']);
  // Forms point at the public URL, whichever process rendered them.
  assert.equal(remediation(first.json, 'identify').href, `${PUBLIC_URL}/idp/idx/identify`);
  return { pkce: started.pkce, first: first.json as Json };
}

/** The tokens verify with the keys either process publishes, and the other process serves userinfo for them. */
async function assertTokens(tokens: HttpAnswer, nonce: string, keysFrom: ServerProcess, userinfoAt: ServerProcess) {
  assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
  const jwks = createLocalJWKSet(await (await fetch(`${issuerAt(keysFrom)}/v1/keys`)).json());
  const access = await jwtVerify(tokens.json.access_token, jwks, { issuer: ISSUER, audience: 'api://default' });
  assert.equal(access.payload.sub, TEST.user);
  assert.equal(access.payload.cid, TEST.spa.clientId);
  const id = await jwtVerify(tokens.json.id_token, jwks, { issuer: ISSUER, audience: TEST.spa.clientId });
  assert.equal(id.payload.nonce, nonce);
  assert.deepEqual(id.payload.amr, ['pwd']);
  const userinfo = await fetch(`${issuerAt(userinfoAt)}/v1/userinfo`, { headers: { authorization: `Bearer ${tokens.json.access_token}` } });
  assert.equal(userinfo.status, 200);
  assert.equal((await userinfo.json()).sub, id.payload.sub);
}

it('an IDX password sign-in alternating processes (interact A, introspect B, identify A, answer B, token A) succeeds; the tokens verify', async (t) => {
  if (!pair) return t.skip('no PostgreSQL reachable');
  const nonce = 'nonce-alternate-1';
  const { pkce, first } = await start(a, b, nonce);
  const identified = await submit(first, 'identify', { identifier: TEST.user }, a.url);
  assertStep(identified, 200, 'identify at A');
  assert.equal(identified.json.stateHandle, first.stateHandle);
  assert.equal(identified.json.currentAuthenticatorEnrollment?.value?.key, 'okta_password');
  const done = await submit(identified.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } }, b.url);
  assertStep(done, 200, 'answer at B');
  assert.equal(done.json.successWithInteractionCode?.href, `${ISSUER}/v1/token`);
  const code = interactionCodeOf(done.json)!;
  assert.ok(code);
  const tokens = await redeem(issuerAt(a), { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, interactionCode: code, verifier: pkce.verifier });
  await assertTokens(tokens, nonce, b, b);
});

it('a wrong password at one process, then the right one at the other: the same transaction goes on; the code is single use across both', async (t) => {
  if (!pair) return t.skip('no PostgreSQL reachable');
  const nonce = 'nonce-alternate-2';
  const { pkce, first } = await start(b, a, nonce);
  const identified = await submit(first, 'identify', { identifier: TEST.user }, b.url);
  assertStep(identified, 200, 'identify at B');
  const wrong = await submit(identified.json, 'challenge-authenticator', { credentials: { passcode: 'Wrong-Password-1' } }, a.url);
  assertStep(wrong, 401, 'wrong password at A');
  assert.deepEqual(messageKeys(wrong.json), ['incorrectPassword']);
  assert.equal(wrong.json.stateHandle, first.stateHandle);
  assert.ok(remediation(wrong.json, 'challenge-authenticator'), 'the challenge is still offered');
  // The state as process B sees it now.
  const seen = await introspect(b.url, { stateToken: wrong.json.stateHandle });
  assertStep(seen, 200, 'introspect at B');
  assert.ok(remediation(seen.json, 'challenge-authenticator'));
  const done = await submit(wrong.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } }, b.url);
  assertStep(done, 200, 'right password at B');
  const code = interactionCodeOf(done.json)!;
  const tokens = await redeem(issuerAt(a), { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, interactionCode: code, verifier: pkce.verifier });
  await assertTokens(tokens, nonce, a, b);

  const replay = await redeem(issuerAt(b), { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, interactionCode: code, verifier: pkce.verifier });
  assert.equal(replay.status, 400);
  assert.equal(replay.json.error, 'invalid_grant');
  // And the finished transaction is over at both.
  for (const p of [a, b]) {
    const again = await introspect(p.url, { stateToken: done.json.stateHandle });
    assertStep(again, 401, 'introspect after success');
    assert.deepEqual(messageKeys(again.json), ['idx.session.expired']);
  }
});

it('cancel at one process ends the transaction at the other too; a different user identifies at the other in the new one', async (t) => {
  if (!pair) return t.skip('no PostgreSQL reachable');
  const { first } = await start(a, a, 'nonce-cancel');
  const identified = await submit(first, 'identify', { identifier: TEST.user }, b.url);
  assertStep(identified, 200, 'identify at B');
  const canceled = await submit(identified.json, 'cancel', {}, a.url);
  assertStep(canceled, 200, 'cancel at A');
  assert.notEqual(canceled.json.stateHandle, first.stateHandle, 'a new transaction');
  assert.equal((await submit(identified.json, 'cancel', {}, b.url)).status, 401, 'the old one is over at B');
  assert.deepEqual(remediationNames(canceled.json), ['identify']);
  const other = await submit(canceled.json, 'identify', { identifier: TEST.otherUser }, b.url);
  assertStep(other, 200, 'identify another user at B');
  assert.equal(other.json.user?.value?.identifier, TEST.otherUser);
});

it('the same answer sent to both processes at once: one sign-in, and the other gets an IDX answer, not a 500', async (t) => {
  if (!pair) return t.skip('no PostgreSQL reachable');
  const { first } = await start(a, b, 'nonce-race');
  const identified = await submit(first, 'identify', { identifier: TEST.user }, a.url);
  assertStep(identified, 200, 'identify at A');
  const answers = await Promise.all([a, b].map((p) => submit(identified.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } }, p.url)));
  for (const r of answers) {
    assert.ok(r.status < 500, `status ${r.status}: ${JSON.stringify(r.json)}`);
    assert.equal(r.contentType, ION, `${r.contentType}`);
  }
  assert.equal(answers.map((r) => interactionCodeOf(r.json)).filter(Boolean).length, 1, 'exactly one interaction code');
});

it('an unknown identifier shows the same user id at either process (user enumeration prevention)', async (t) => {
  if (!pair) return t.skip('no PostgreSQL reachable');
  const idAt = async (p: ServerProcess) => (await submit((await start(p, p, 'nonce-decoy')).first, 'identify', { identifier: 'nobody-at-all@example.com' }, p.url)).json.user?.value?.id;
  const [atA, atB] = [await idAt(a), await idAt(b)];
  assert.match(atA, /^00u[0-9A-Za-z]{17}$/);
  assert.equal(atB, atA);
});
