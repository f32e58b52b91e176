import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine, unique } from '../support/contract.js';
import { rollUpSignIns } from '../../src/upgrade/signInCounter.js';
import type { Store } from '../../src/store/store.js';

const countOf = async (store: Store, clientId: string, engine = 'classic', outcome = 'success') =>
  (await store.engineSignIns.list()).find((c) => c.clientId === clientId && c.engine === engine && c.outcome === outcome)?.count ?? 0;

await forEachEngine('engine sign-ins repository', (ctx) => {
  test('record counts per app, engine and outcome; list answers them in order, before and after a roll-up', async () => {
    const app = unique('app-');
    await ctx.store.engineSignIns.record(app, 'identity_engine', 'success');
    await ctx.store.engineSignIns.record(app, 'identity_engine', 'success');
    await ctx.store.engineSignIns.record(app, 'identity_engine', 'failure');
    await ctx.store.engineSignIns.record(app, 'classic', 'success');
    const expected = [
      { clientId: app, engine: 'classic', outcome: 'success', count: 1 },
      { clientId: app, engine: 'identity_engine', outcome: 'failure', count: 1 },
      { clientId: app, engine: 'identity_engine', outcome: 'success', count: 2 },
    ];
    const mine = async () => (await ctx.store.engineSignIns.list()).filter((c) => c.clientId === app);
    assert.deepEqual(await mine(), expected);
    assert.ok((await rollUpSignIns(ctx.store)) >= 4);
    assert.deepEqual(await mine(), expected, 'rolled up, the same counts');
    await ctx.store.engineSignIns.record(app, 'classic', 'success');
    assert.equal(await countOf(ctx.store, app), 2, 'totals and the log since are summed');
  });

  test('a redeemed Classic success moves from "no app" to the app', async () => {
    const app = unique('app-');
    await ctx.store.engineSignIns.record('', 'classic', 'success');
    const unredeemed = await countOf(ctx.store, '');
    await ctx.store.engineSignIns.redeemedBy(app);
    assert.equal(await countOf(ctx.store, app), 1);
    assert.equal(await countOf(ctx.store, ''), unredeemed - 1);
  });

  test('four processes counting at once (while two roll up, on PostgreSQL) lose and double no sign-in', async () => {
    const app = unique('app-');
    const stores = [ctx.store, ctx.openAnother(), ctx.openAnother(), ctx.openAnother()];
    const perStore = 100;
    const counting = stores.map(async (store) => {
      for (let i = 0; i < perStore; i++) await store.engineSignIns.record(app, 'identity_engine', i % 4 === 0 ? 'failure' : 'success');
    });
    const rollUps = async () => {
      for (const store of [stores[0], stores[1], stores[0], stores[1]]) await Promise.all([rollUpSignIns(store), rollUpSignIns(stores[2])]);
    };
    // SQLite connections of one process cannot wait for each other's transaction: better-sqlite3's busy wait
    // blocks the very event loop that would commit it. Processes of their own (Latchkey's case) can.
    if (ctx.engine === 'postgres') await Promise.all([...counting, rollUps()]);
    else await Promise.all(counting);
    assert.equal(await countOf(ctx.store, app, 'identity_engine', 'success'), stores.length * perStore * 3 / 4);
    assert.equal(await countOf(ctx.store, app, 'identity_engine', 'failure'), stores.length * perStore / 4);
    await rollUpSignIns(ctx.store);
    assert.equal(await countOf(ctx.store, app, 'identity_engine', 'success'), stores.length * perStore * 3 / 4, 'after the last roll-up, the same');
  });
});
