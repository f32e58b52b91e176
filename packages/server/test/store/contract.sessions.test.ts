import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Session } from '../../src/store/repositories/sessions.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

const makeSession = (overrides: Partial<Session> = {}): Session => ({
  idHash: unique('sess'), userId: '00uUser', verified: [{ authenticatorKey: 'okta_password', methodType: 'password', at: NOW - 1000 }],
  createdAt: NOW, lastSeenAt: NOW, expiresAt: NOW + 3600_000, idleExpiresAt: NOW + 600_000, revokedAt: null, ...overrides,
});

await forEachEngine('sessions repository', (ctx) => {
  test('insert and find round-trip every field', async () => {
    const s = makeSession();
    await ctx.store.sessions.insert(s);
    assert.deepEqual(await ctx.store.sessions.find(s.idHash), s);
    assert.equal(await ctx.store.sessions.find('nope'), undefined);
  });

  test('touch replaces the factors and moves the idle deadline; revoke stamps once', async () => {
    const s = makeSession();
    await ctx.store.sessions.insert(s);
    const verified = [...s.verified, { authenticatorKey: 'okta_email', methodType: 'email', at: NOW }];
    await ctx.store.sessions.touch(s.idHash, verified, NOW + 5, NOW + 900_000);
    const touched = await ctx.store.sessions.find(s.idHash);
    assert.deepEqual(touched?.verified, verified);
    assert.equal(touched?.lastSeenAt, NOW + 5);
    assert.equal(touched?.idleExpiresAt, NOW + 900_000);
    await ctx.store.sessions.revoke(s.idHash, NOW + 6);
    await ctx.store.sessions.revoke(s.idHash, NOW + 7);
    assert.equal((await ctx.store.sessions.find(s.idHash))?.revokedAt, NOW + 6);
  });

  test('revokeAllOf ends every live session of one user and counts them; others and ended ones are left as they were', async () => {
    const userId = unique('00u');
    const [a, b] = [makeSession({ userId }), makeSession({ userId })];
    const ended = makeSession({ userId, revokedAt: NOW - 5 });
    const expired = makeSession({ userId, idleExpiresAt: NOW - 1 });
    const other = makeSession();
    for (const s of [a, b, ended, expired, other]) await ctx.store.sessions.insert(s);
    assert.equal(await ctx.store.sessions.revokeAllOf(userId, NOW), 2);
    for (const s of [a, b]) assert.equal((await ctx.store.sessions.find(s.idHash))?.revokedAt, NOW);
    assert.deepEqual(await ctx.store.sessions.find(ended.idHash), ended);
    assert.deepEqual(await ctx.store.sessions.find(expired.idHash), expired);
    assert.deepEqual(await ctx.store.sessions.find(other.idHash), other);
    assert.equal(await ctx.store.sessions.revokeAllOf(userId, NOW + 1), 0);
  });

  test('purgeExpired removes sessions past either deadline only', async () => {
    const live = makeSession();
    const idle = makeSession({ idleExpiresAt: NOW - 1 });
    const old = makeSession({ expiresAt: NOW - 1 });
    for (const s of [live, idle, old]) await ctx.store.sessions.insert(s);
    await ctx.store.sessions.purgeExpired(NOW);
    assert.ok(await ctx.store.sessions.find(live.idHash));
    assert.equal(await ctx.store.sessions.find(idle.idHash), undefined);
    assert.equal(await ctx.store.sessions.find(old.idHash), undefined);
  });

  test('findByHashPrefix finds sessions by the first 22 characters of their hash, case and all', async () => {
    const stem = unique('Pfx').padEnd(22, 'x').slice(0, 22);
    const a = makeSession({ idHash: `${stem}-one` });
    const other = makeSession({ idHash: `${stem.toLowerCase() === stem ? stem.toUpperCase() : stem.toLowerCase()}-two` });
    for (const s of [a, other]) await ctx.store.sessions.insert(s);
    assert.deepEqual((await ctx.store.sessions.findByHashPrefix(stem)).map((s) => s.idHash), [a.idHash]);
    assert.deepEqual(await ctx.store.sessions.findByHashPrefix(`${stem.slice(0, 21)}%`), []);
  });
});
