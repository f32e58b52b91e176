import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IdxTransaction } from '../../src/store/repositories/idxTransactions.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

const makeTransaction = (): IdxTransaction => ({
  id: unique('ftx'), clientId: '0oaClient', serverId: 'default', intent: 'LOGIN',
  request: { redirectUri: 'https://app.example.com/cb', scopes: ['openid'], state: 's', codeChallenge: 'c'.repeat(43), codeChallengeMethod: 'S256', nonce: null },
  userId: null, state: { verified: [] }, status: 'ACTIVE', version: 0, createdAt: NOW, expiresAt: NOW + 60_000,
});

await forEachEngine('IDX transactions repository', (ctx) => {
  test('insert, then find by id and by interaction handle hash', async () => {
    const t = makeTransaction();
    const handle = unique('ih');
    await ctx.store.idxTransactions.insert(t, handle);
    assert.deepEqual(await ctx.store.idxTransactions.findById(t.id), t);
    assert.deepEqual(await ctx.store.idxTransactions.findByInteractionHandle(handle), t);
    assert.equal(await ctx.store.idxTransactions.findByInteractionHandle('nope'), undefined);
  });

  test('save is compare-and-set on version: of two writers of one read, only the first wins', async () => {
    const t = makeTransaction();
    await ctx.store.idxTransactions.insert(t, unique('ih'));
    const a = (await ctx.store.idxTransactions.findById(t.id))!;
    const b = (await ctx.store.idxTransactions.findById(t.id))!;
    a.userId = '00uA';
    a.state.verified.push({ authenticatorKey: 'okta_password', methodType: 'password', at: NOW });
    assert.equal(await ctx.store.idxTransactions.save(a), true);
    assert.equal(a.version, 1);
    b.userId = '00uB';
    assert.equal(await ctx.store.idxTransactions.save(b), false, 'b read version 0, which is gone');
    const stored = await ctx.store.idxTransactions.findById(t.id);
    assert.equal(stored?.userId, '00uA');
    assert.deepEqual(stored?.state.verified.map((v) => v.authenticatorKey), ['okta_password']);
  });

  test('concurrent saves from two stores: exactly one wins', async () => {
    const t = makeTransaction();
    await ctx.store.idxTransactions.insert(t, unique('ih'));
    const other = ctx.openAnother();
    const copies = await Promise.all([0, 1, 2, 3].map((i) => (i % 2 ? other : ctx.store).idxTransactions.findById(t.id)));
    const results = await Promise.all(copies.map((c, i) => (i % 2 ? other : ctx.store).idxTransactions.save(c!)));
    assert.equal(results.filter(Boolean).length, 1);
  });

  test('purgeExpired deletes only expired transactions', async () => {
    const old = { ...makeTransaction(), expiresAt: NOW - 1 };
    const live = makeTransaction();
    await ctx.store.idxTransactions.insert(old, unique('ih'));
    await ctx.store.idxTransactions.insert(live, unique('ih'));
    await ctx.store.idxTransactions.purgeExpired(NOW);
    assert.equal(await ctx.store.idxTransactions.findById(old.id), undefined);
    assert.ok(await ctx.store.idxTransactions.findById(live.id));
  });
});
