import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine, unique } from '../support/contract.js';

await forEachEngine('settings repository', (ctx) => {
  test('get of an unknown key is undefined', async () => {
    assert.equal(await ctx.store.settings.get(unique('missing.')), undefined);
  });

  test('set then get returns the value; a second set overwrites it', async () => {
    const key = unique('org.name.');
    await ctx.store.settings.set(key, 'Acme');
    assert.equal(await ctx.store.settings.get(key), 'Acme');
    await ctx.store.settings.set(key, '');
    assert.equal(await ctx.store.settings.get(key), '');
    const json = JSON.stringify({ seeded: true, at: Date.now(), name: 'Ünïcødé ✓' });
    await ctx.store.settings.set(key, json);
    assert.equal(await ctx.store.settings.get(key), json);
    const rows = await ctx.store.db.selectFrom('settings').selectAll().where('key', '=', key).execute();
    assert.equal(rows.length, 1);
  });

  test('keys are independent', async () => {
    const [a, b] = [unique('a.'), unique('b.')];
    await ctx.store.settings.set(a, '1');
    await ctx.store.settings.set(b, '2');
    await ctx.store.settings.set(a, '3');
    assert.equal(await ctx.store.settings.get(a), '3');
    assert.equal(await ctx.store.settings.get(b), '2');
  });

  test('replace changes the value only if it is still the one given', async () => {
    const key = unique('secret.');
    await ctx.store.settings.set(key, 'clear');
    await ctx.store.settings.replace(key, 'other', 'lost');
    assert.equal(await ctx.store.settings.get(key), 'clear');
    await ctx.store.settings.replace(key, 'clear', 'sealed');
    assert.equal(await ctx.store.settings.get(key), 'sealed');
  });

  test('delete removes the key; deleting a missing key is fine', async () => {
    const key = unique('gone.');
    await ctx.store.settings.set(key, 'x');
    await ctx.store.settings.delete(key);
    assert.equal(await ctx.store.settings.get(key), undefined);
    await ctx.store.settings.delete(key);
  });
});
