import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine, unique } from '../support/contract.js';

await forEachEngine('engine sign-ins repository', (ctx) => {
  test('record counts per app, engine and outcome; list answers them in order', async () => {
    const app = unique('app-');
    await ctx.store.engineSignIns.record(app, 'identity_engine', 'success');
    await ctx.store.engineSignIns.record(app, 'identity_engine', 'success');
    await ctx.store.engineSignIns.record(app, 'identity_engine', 'failure');
    await ctx.store.engineSignIns.record(app, 'classic', 'success');
    const mine = (await ctx.store.engineSignIns.list()).filter((c) => c.clientId === app);
    assert.deepEqual(mine, [
      { clientId: app, engine: 'classic', outcome: 'success', count: 1 },
      { clientId: app, engine: 'identity_engine', outcome: 'failure', count: 1 },
      { clientId: app, engine: 'identity_engine', outcome: 'success', count: 2 },
    ]);
  });

  test('two processes counting at once lose no sign-in', async () => {
    const app = unique('app-');
    const other = ctx.openAnother();
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? ctx.store : other).engineSignIns.record(app, 'classic', 'success')));
    assert.equal((await ctx.store.engineSignIns.list()).find((c) => c.clientId === app)?.count, 20);
  });
});
