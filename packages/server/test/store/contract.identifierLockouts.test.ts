import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();
const DAY = 24 * 3600_000;

await forEachEngine('identifier lockouts repository', (ctx) => {
  test('failures count up, a lock is kept, unlock starts over', async () => {
    const key = unique('k');
    const repo = ctx.store.identifierLockouts;
    assert.equal(await repo.find(key), undefined);
    assert.equal(await repo.recordFailedLogin(key, NOW, NOW - DAY), 1);
    assert.equal(await repo.recordFailedLogin(key, NOW, NOW - DAY), 2);
    await repo.lockOut(key, NOW + 60_000, NOW);
    assert.deepEqual(await repo.find(key), { failedLogins: 2, lockedUntil: NOW + 60_000 });
    await repo.unlock(key);
    assert.equal(await repo.find(key), undefined);
    assert.equal(await repo.recordFailedLogin(key, NOW, NOW - DAY), 1);
  });

  test('a counter last changed before forgetBefore starts over, as an account\'s does', async () => {
    const key = unique('k');
    const repo = ctx.store.identifierLockouts;
    await repo.recordFailedLogin(key, NOW - DAY - 5, NOW - 2 * DAY);
    assert.equal(await repo.recordFailedLogin(key, NOW - DAY - 1, NOW - 2 * DAY - 1), 2);
    assert.equal(await repo.recordFailedLogin(key, NOW, NOW - DAY), 1);
    assert.equal(await repo.recordFailedLogin(key, NOW + 1, NOW + 1 - DAY), 2);
  });

  test('concurrent failures from two stores each see their own count', async () => {
    const key = unique('k');
    const other = ctx.openAnother();
    const counts = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? other : ctx.store).identifierLockouts.recordFailedLogin(key, NOW, NOW - DAY)));
    assert.deepEqual(counts.sort(), [1, 2, 3, 4, 5, 6]);
  });

  test('purgeIdle forgets counters idle for a day, but not a lock still running', async () => {
    const [idle, locked, recent] = [unique('k'), unique('k'), unique('k')];
    const repo = ctx.store.identifierLockouts;
    await repo.recordFailedLogin(idle, NOW - DAY - 1, NOW - 2 * DAY);
    await repo.recordFailedLogin(locked, NOW - DAY - 1, NOW - 2 * DAY);
    await repo.lockOut(locked, Number.MAX_SAFE_INTEGER, NOW - DAY - 1);
    await repo.recordFailedLogin(recent, NOW - 1000, NOW - DAY);
    await repo.purgeIdle(NOW);
    assert.equal(await repo.find(idle), undefined);
    assert.ok(await repo.find(locked));
    assert.ok(await repo.find(recent));
  });
});
