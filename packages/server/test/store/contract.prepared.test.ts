import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepared } from '../../src/store/prepared.js';
import { forEachEngine, unique } from '../support/contract.js';

const WINDOW = 1_000;
const countOf = prepared((db, p: { bucket: string; windowStart: number }) => db.selectFrom('rate_limits').select('count')
  .where('bucket', '=', p.bucket).where('window_start', '=', p.windowStart));
const reset = prepared((db, p: { bucket: string }) => db.updateTable('rate_limits').set({ count: 0 }).where('bucket', '=', p.bucket));

await forEachEngine('prepared queries', (ctx) => {
  test('compiled once, a query answers each call with its own parameters: on the store, in its transactions, on another store', async () => {
    const [a, b] = [unique('a'), unique('b')];
    await ctx.store.rateLimits.hit(a, WINDOW);
    for (let i = 0; i < 3; i++) await ctx.store.rateLimits.hit(b, WINDOW);
    assert.deepEqual(await countOf.rows(ctx.store.db, { bucket: a, windowStart: WINDOW }), [{ count: 1 }]);
    assert.deepEqual(await countOf.first(ctx.store.db, { bucket: b, windowStart: WINDOW }), { count: 3 });
    assert.equal(await countOf.first(ctx.store.db, { bucket: b, windowStart: WINDOW + 1 }), undefined);
    assert.equal(await ctx.store.writeTransaction((repos) => countOf.first(repos.db, { bucket: a, windowStart: WINDOW }))
      .then((row) => row?.count), 1);
    const another = ctx.openAnother();
    assert.equal((await countOf.first(another.db, { bucket: b, windowStart: WINDOW }))?.count, 3);
  });

  test('an update answers the rows it changed', async () => {
    const bucket = unique('u');
    await ctx.store.rateLimits.hit(bucket, WINDOW);
    await ctx.store.rateLimits.hit(bucket, WINDOW + 1);
    assert.equal(await reset.affected(ctx.store.db, { bucket }), 2);
    assert.equal(await reset.affected(ctx.store.db, { bucket: unique('none') }), 0);
  });

  test('an undefined parameter is refused, not bound (a builder would have left its column out)', async () => {
    await assert.rejects(countOf.first(ctx.store.db, { bucket: undefined as unknown as string, windowStart: WINDOW }), /parameter bucket is undefined/);
  });
});
