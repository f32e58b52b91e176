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

  test('revokeAllOfUser ends that user\'s live sessions only, keeping earlier revocation times', async () => {
    const userId = unique('00u');
    const [a, b] = [makeSession({ userId }), makeSession({ userId, revokedAt: NOW - 5 })];
    const other = makeSession();
    for (const s of [a, b, other]) await ctx.store.sessions.insert(s);
    await ctx.store.sessions.revokeAllOfUser(userId, NOW + 1);
    assert.equal((await ctx.store.sessions.find(a.idHash))?.revokedAt, NOW + 1);
    assert.equal((await ctx.store.sessions.find(b.idHash))?.revokedAt, NOW - 5);
    assert.equal((await ctx.store.sessions.find(other.idHash))?.revokedAt, null);
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
});
