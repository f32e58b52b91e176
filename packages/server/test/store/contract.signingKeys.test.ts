import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KeyStatus, SigningKey } from '../../src/store/repositories/signingKeys.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

const makeKey = (serverId: string, status: KeyStatus, createdAt: number): SigningKey => {
  const kid = unique('kid-');
  return {
    kid, serverId, alg: 'RS256', status,
    publicJwk: JSON.stringify({ kty: 'RSA', kid, n: 'AQAB-n', e: 'AQAB' }),
    privateJwk: JSON.stringify({ kty: 'RSA', kid, n: 'AQAB-n', e: 'AQAB', d: 'secret' }),
    createdAt, signsFrom: createdAt, signsUntil: null,
  };
};

await forEachEngine('signingKeys repository', (ctx) => {
  test('published returns active and previous keys of the server, newest first, and not retired ones', async () => {
    const server = unique('aus');
    const oldest = makeKey(server, 'previous', NOW - 3 * 86_400_000);
    const retired = makeKey(server, 'retired', NOW - 2 * 86_400_000);
    const newest = makeKey(server, 'active', NOW);
    const middle = makeKey(server, 'previous', NOW - 86_400_000);
    const elsewhere = makeKey(unique('aus'), 'active', NOW + 1);
    for (const key of [oldest, retired, newest, middle, elsewhere]) await ctx.store.signingKeys.insert(key);

    const published = await ctx.store.signingKeys.published(server);
    assert.deepEqual(published, [newest, middle, oldest]);
    assert.equal(typeof published[0].createdAt, 'number');
    assert.deepEqual(await ctx.store.signingKeys.published(unique('aus')), []);
  });

  test('a kid is unique', async () => {
    const server = unique('aus');
    const key = makeKey(server, 'active', NOW);
    await ctx.store.signingKeys.insert(key);
    await assert.rejects(ctx.store.signingKeys.insert({ ...key, status: 'previous' }));
  });

  test('replaceActive and retire move keys of one server between states', async () => {
    const server = unique('aus');
    const other = unique('aus');
    const k1 = makeKey(server, 'previous', NOW - 2000);
    const k2 = makeKey(server, 'active', NOW - 1000);
    const otherActive = makeKey(other, 'active', NOW - 1000);
    for (const key of [k1, k2, otherActive]) await ctx.store.signingKeys.insert(key);

    // Rotation: demote the active key (it signs until its successor starts), add the successor; retire the oldest.
    assert.equal(await ctx.store.signingKeys.replaceActive(server, NOW + 600_000), true);
    assert.equal(await ctx.store.signingKeys.replaceActive(unique('aus'), NOW), false, 'a server without keys');
    const k3 = { ...makeKey(server, 'active', NOW), signsFrom: NOW + 600_000 };
    await ctx.store.signingKeys.insert(k3);
    assert.equal(await ctx.store.signingKeys.retire(server, [k1.kid, k2.kid, otherActive.kid], NOW), 2, 'only previous keys of the server');

    assert.deepEqual(await ctx.store.signingKeys.published(server), [k3]);
    assert.deepEqual(await ctx.store.signingKeys.published(other), [otherActive], 'other server untouched');
    const rows = await ctx.store.db.selectFrom('signing_keys').select(['kid', 'status', 'retired_at', 'signs_until'])
      .where('kid', 'in', [k1.kid, k2.kid]).execute();
    const byKid = Object.fromEntries(rows.map((r) => [r.kid, r]));
    assert.deepEqual(byKid[k1.kid], { kid: k1.kid, status: 'retired', retired_at: NOW, signs_until: null });
    assert.deepEqual(byKid[k2.kid], { kid: k2.kid, status: 'retired', retired_at: NOW, signs_until: NOW + 600_000 });
    assert.equal(await ctx.store.signingKeys.retire(server, [], NOW), 0);
  });

  test('replacePrivateJwk replaces only the value it was given', async () => {
    const key = makeKey(unique('aus'), 'active', NOW);
    await ctx.store.signingKeys.insert(key);
    await ctx.store.signingKeys.replacePrivateJwk(key.kid, 'something else', 'v1.lost');
    await ctx.store.signingKeys.replacePrivateJwk(key.kid, key.privateJwk, 'v1.sealed');
    assert.equal((await ctx.store.signingKeys.all()).find((k) => k.kid === key.kid)?.privateJwk, 'v1.sealed');
  });
});
