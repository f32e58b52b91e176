import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiTokenRecord } from '../../src/store/repositories/apiTokens.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();
const DAY = 24 * 3600_000;

const makeToken = (overrides: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
  id: unique('00T'), name: unique('token'), tokenHash: unique('hash'), createdAt: NOW, tokenWindow: 'P30D',
  lastUsedAt: NOW, expiresAt: NOW + 30 * DAY, userId: null, network: null, ...overrides,
});

await forEachEngine('API tokens repository', (ctx) => {
  test('insert, findByHash and findById round-trip every field', async () => {
    const t = makeToken({ userId: '00uAdmin', tokenWindow: 'PT12H', network: { connection: 'ZONE', include: ['nzoOffice'], exclude: ['nzoCafe'] } });
    await ctx.store.apiTokens.insert(t);
    assert.deepEqual(await ctx.store.apiTokens.findByHash(t.tokenHash), t);
    assert.deepEqual(await ctx.store.apiTokens.findById(t.id), t);
    assert.equal(await ctx.store.apiTokens.findById('00Tnone'), undefined);
  });

  test('a page holds the live tokens in creation order, `limit` of them, after the cursor (ties broken by id)', async () => {
    const base = NOW + 1000 * DAY;
    const tokens = [
      makeToken({ id: '00TpageB', createdAt: base }), makeToken({ id: '00TpageA', createdAt: base }),
      makeToken({ id: '00TpageC', createdAt: base + 1 }), makeToken({ id: '00TpageD', createdAt: base + 2, expiresAt: NOW - 1 }),
      makeToken({ id: '00TpageE', createdAt: base + 3, expiresAt: base + DAY }),
    ];
    for (const t of tokens) await ctx.store.apiTokens.insert(t);
    const page = async (after?: string) => (await ctx.store.apiTokens.list({ liveAt: NOW, limit: 2, after })).map((t) => t.id);
    const ours = (ids: string[]) => ids.filter((id) => id.startsWith('00Tpage'));
    assert.deepEqual(await page('00TpageA'), ['00TpageB', '00TpageC']);
    assert.deepEqual(await page('00TpageC'), ['00TpageE'], 'an expired token is skipped');
    assert.deepEqual(await page('00Tunknown'), [], 'an unknown cursor ends the list');
    assert.deepEqual(ours((await ctx.store.apiTokens.list()).map((t) => t.id)), ['00TpageA', '00TpageB', '00TpageC', '00TpageD', '00TpageE'], 'without a page: every token');
  });

  test('nameContains finds names containing it in any case; % and _ are plain characters', async () => {
    const names = ['Deploy 100% Zq', 'deploy_zq', 'deployXzq', 'Other zq'];
    for (const name of names) await ctx.store.apiTokens.insert(makeToken({ name }));
    const find = async (nameContains: string) => (await ctx.store.apiTokens.list({ liveAt: NOW, limit: 200, nameContains })).map((t) => t.name).sort();
    assert.deepEqual(await find('DEPLOY'), ['Deploy 100% Zq', 'deployXzq', 'deploy_zq']);
    assert.deepEqual(await find('y_z'), ['deploy_zq']);
    assert.deepEqual(await find('0% z'), ['Deploy 100% Zq']);
    assert.deepEqual(await find('!'), []);
  });

  test('recordUse writes only when no use was recorded since the given time, once however many race', async () => {
    const t = makeToken();
    await ctx.store.apiTokens.insert(t);
    await ctx.store.apiTokens.recordUse(t.id, NOW + 30_000, NOW + 30_000 + DAY, NOW - 30_000);
    assert.equal((await ctx.store.apiTokens.findById(t.id))?.lastUsedAt, NOW, 'a use was recorded since: no write');
    await Promise.all([1, 2, 3].map((i) => ctx.store.apiTokens.recordUse(t.id, NOW + 60_000 + i, NOW + DAY + i, NOW + 1)));
    const after = (await ctx.store.apiTokens.findById(t.id))!;
    const winner = after.lastUsedAt - (NOW + 60_000);
    assert.ok([1, 2, 3].includes(winner), 'one of the racing uses is recorded');
    assert.equal(after.expiresAt, NOW + DAY + winner, 'with its own expiry: no other write followed');
  });

  test('update renames the token and sets or clears its network condition, nothing else', async () => {
    const t = makeToken();
    await ctx.store.apiTokens.insert(t);
    assert.equal(await ctx.store.apiTokens.update(t.id, { name: 'renamed', network: { connection: 'ZONE', exclude: ['nzoCafe'] } }), true);
    assert.deepEqual(await ctx.store.apiTokens.findByHash(t.tokenHash), { ...t, name: 'renamed', network: { connection: 'ZONE', exclude: ['nzoCafe'] } });
    await ctx.store.apiTokens.update(t.id, { name: 'renamed', network: null });
    assert.equal((await ctx.store.apiTokens.findById(t.id))?.network, null, 'back to anywhere');
    assert.equal(await ctx.store.apiTokens.update('00Tnone', { name: 'x', network: null }), false);
  });
});
