import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecoveryTokenRecord } from '../../src/store/repositories/recoveryTokens.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

const makeToken = (overrides: Partial<RecoveryTokenRecord> = {}): RecoveryTokenRecord => ({
  tokenHash: unique('hash'), userId: unique('00u'), createdAt: NOW, expiresAt: NOW + 3_600_000, ...overrides,
});

await forEachEngine('recovery tokens repository', (ctx) => {
  test('consume answers the token once; an expired or unknown one never', async () => {
    const t = makeToken();
    const old = makeToken({ expiresAt: NOW + 10 });
    await ctx.store.recoveryTokens.insert(t);
    await ctx.store.recoveryTokens.insert(old);
    assert.deepEqual(await ctx.store.recoveryTokens.consume(t.tokenHash, NOW + 1), t);
    assert.equal(await ctx.store.recoveryTokens.consume(t.tokenHash, NOW + 2), undefined);
    assert.equal(await ctx.store.recoveryTokens.consume(old.tokenHash, NOW + 10), undefined);
    assert.equal(await ctx.store.recoveryTokens.consume('unknown', NOW), undefined);
  });

  test('a token sent with a relayState gives it back when used', async () => {
    const t = makeToken({ relayState: '/app/deep/link?x=1' });
    await ctx.store.recoveryTokens.insert(t);
    assert.deepEqual(await ctx.store.recoveryTokens.consume(t.tokenHash, NOW + 1), t);
  });

  test('concurrent uses of one token: exactly one wins', async () => {
    const t = makeToken();
    await ctx.store.recoveryTokens.insert(t);
    const results = await Promise.all([1, 2, 3, 4].map(() => ctx.store.recoveryTokens.consume(t.tokenHash, NOW + 1)));
    assert.equal(results.filter(Boolean).length, 1);
  });

  test('voidOf ends every unused token of one user, and only theirs', async () => {
    const a = makeToken();
    const other = makeToken();
    for (const t of [a, other]) await ctx.store.recoveryTokens.insert(t);
    await ctx.store.recoveryTokens.voidOf(a.userId, NOW);
    assert.equal(await ctx.store.recoveryTokens.consume(a.tokenHash, NOW + 1), undefined);
    assert.ok(await ctx.store.recoveryTokens.consume(other.tokenHash, NOW + 1));
  });
});
