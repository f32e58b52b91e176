import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine, unique } from '../support/contract.js';

await forEachEngine('rate limits repository', (ctx) => {
  const WINDOW = 1_700_000_000_000;

  test('hits from two stores at once each get a distinct count, 1 through 50', async () => {
    const bucket = unique('race:');
    const other = ctx.openAnother();
    const counts = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? other : ctx.store).rateLimits.hit(bucket, WINDOW)));
    assert.deepEqual([...counts].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal(await ctx.store.rateLimits.hit(bucket, WINDOW), 51);
  });

  test('windows and buckets count independently', async () => {
    const [a, b] = [unique('a:'), unique('b:')];
    assert.equal(await ctx.store.rateLimits.hit(a, WINDOW), 1);
    assert.equal(await ctx.store.rateLimits.hit(a, WINDOW), 2);
    assert.equal(await ctx.store.rateLimits.hit(a, WINDOW + 60_000), 1);
    assert.equal(await ctx.store.rateLimits.hit(b, WINDOW), 1);
    assert.equal(await ctx.store.rateLimits.hit(a, WINDOW), 3);
  });

  test('counts reads windows without counting, from any store, in the buckets\' order', async () => {
    const [bucket, other] = [unique('count:'), unique('count:')];
    assert.deepEqual(await ctx.store.rateLimits.counts([bucket, other], WINDOW), [0, 0]);
    await ctx.store.rateLimits.hit(bucket, WINDOW);
    await ctx.openAnother().rateLimits.hit(bucket, WINDOW);
    await ctx.store.rateLimits.hit(other, WINDOW);
    assert.deepEqual(await ctx.openAnother().rateLimits.counts([bucket, other], WINDOW), [2, 1]);
    assert.deepEqual(await ctx.store.rateLimits.counts([other, bucket], WINDOW), [1, 2]);
    assert.deepEqual(await ctx.store.rateLimits.counts([bucket], WINDOW + 60_000), [0]);
  });

  test('purgeBefore deletes older windows only', async () => {
    const bucket = unique('purge:');
    const base = WINDOW + 3600_000;
    await ctx.store.rateLimits.hit(bucket, base - 60_000);
    await ctx.store.rateLimits.hit(bucket, base);
    await ctx.store.rateLimits.hit(bucket, base);
    await ctx.store.rateLimits.purgeBefore(base);
    const rows = await ctx.store.db.selectFrom('rate_limits').select(['window_start', 'count']).where('bucket', '=', bucket).execute();
    assert.deepEqual(rows, [{ window_start: base, count: 2 }]);
    // The purged window starts over.
    assert.equal(await ctx.store.rateLimits.hit(bucket, base - 60_000), 1);
  });
});
