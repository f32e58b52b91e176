import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { test } from 'node:test';
import { signJwt } from '../../src/oauth/tokens/jws.js';
import { longPoolTask, poolFullOfLongTasks } from '../../src/platform/threadPool.js';
import { SigningThread } from '../../src/platform/signingThread.js';
import type { KeyObject } from 'node:crypto';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = { kid: 'k1', privateKey };

function verifies(jwt: string): boolean {
  const [header, payload, signature] = jwt.split('.');
  return verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
}

/** Long tasks that hold the pool's slots until released. */
function occupy(n: number) {
  const releases: Array<() => void> = [];
  const done = Array.from({ length: n }, () => longPoolTask(() => new Promise<void>((resolve) => releases.push(resolve))));
  return async () => {
    for (const release of releases) release();
    await Promise.all(done);
  };
}

const POOL = Number(process.env.UV_THREADPOOL_SIZE) || 4;

test('the pool counts as full of long tasks only while there are as many as threads', async () => {
  assert.equal(poolFullOfLongTasks(), false);
  const releaseAllButOne = occupy(POOL - 1);
  assert.equal(poolFullOfLongTasks(), false);
  const releaseLast = occupy(1);
  assert.equal(poolFullOfLongTasks(), true);
  await releaseLast();
  assert.equal(poolFullOfLongTasks(), false);
  await releaseAllButOne();
});

test('a failing long task still frees its place', async () => {
  await assert.rejects(longPoolTask(() => Promise.reject(new Error('boom'))), /boom/);
  const release = occupy(POOL - 1);
  assert.equal(poolFullOfLongTasks(), false);
  await release();
});

test('signJwt gives the same valid RS256 JWS whether it signs on the pool or, the pool full of hashes, on its own thread', async () => {
  const payload = { sub: 'ada', iat: 1 };
  const onPool = await signJwt(payload, key);
  const release = occupy(POOL);
  let inline: string;
  try {
    const pending = signJwt(payload, key);
    inline = await pending;
  } finally {
    await release();
  }
  for (const jwt of [onPool, inline]) {
    assert.ok(verifies(jwt));
    assert.deepEqual(JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()), { kid: 'k1', alg: 'RS256' });
    assert.deepEqual(JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()), payload);
  }
  // RSASSA-PKCS1-v1_5 is deterministic: the same input gives the same signature either way.
  assert.equal(inline, onPool);
});

test('many signatures at once on the signing thread each get their own, valid signature', async () => {
  const release = occupy(POOL);
  try {
    const payloads = Array.from({ length: 50 }, (_, i) => ({ sub: `user${i}` }));
    const jwts = await Promise.all(payloads.map((p) => signJwt(p, key)));
    for (const [i, jwt] of jwts.entries()) {
      assert.ok(verifies(jwt), `signature ${i}`);
      assert.deepEqual(JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()), payloads[i]);
    }
    // A second key (a rotation) is sent to the thread once and used from then on.
    const next = { kid: 'k2', privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
    const [a, b] = await Promise.all([signJwt({ n: 1 }, next), signJwt({ n: 2 }, key)]);
    assert.deepEqual(JSON.parse(Buffer.from(a.split('.')[0], 'base64url').toString()).kid, 'k2');
    assert.ok(verifies(b));
  } finally {
    await release();
  }
});

test('a key that cannot sign is a rejected promise on both paths, not a throw', async () => {
  const broken = { kid: 'bad', privateKey: generateKeyPairSync('ed25519').privateKey };
  await assert.rejects(signJwt({}, broken));
  const release = occupy(POOL);
  try {
    let promise: Promise<string> | undefined;
    assert.doesNotThrow(() => { promise = signJwt({}, broken); });
    await assert.rejects(promise!);
  } finally {
    await release();
  }
});

test('a key the thread cannot be sent is refused at once, and the kid can still be used with a good key', async () => {
  const thread = new SigningThread();
  const unsendable = (() => undefined) as unknown as KeyObject;
  await assert.rejects(thread.sign(Buffer.from('a.b'), 'k9', unsendable));
  const signature = await thread.sign(Buffer.from('a.b'), 'k9', privateKey);
  assert.ok(verify('sha256', Buffer.from('a.b'), publicKey, signature));
});
