import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionTokenRecord } from '../../src/store/repositories/sessionTokens.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

const makeToken = (overrides: Partial<SessionTokenRecord> = {}): SessionTokenRecord => ({
  tokenHash: unique('hash'), userId: unique('00u'), verified: [{ authenticatorKey: 'okta_password', methodType: 'password', at: NOW }],
  createdAt: NOW, expiresAt: NOW + 300_000, ...overrides,
});

await forEachEngine('session tokens repository', (ctx) => {
  test('consume answers the token once, with what it carried', async () => {
    const t = makeToken();
    await ctx.store.sessionTokens.insert(t);
    assert.deepEqual(await ctx.store.sessionTokens.consume(t.tokenHash, NOW + 1), t);
    assert.equal(await ctx.store.sessionTokens.consume(t.tokenHash, NOW + 2), undefined);
    assert.equal(await ctx.store.sessionTokens.consume('unknown', NOW), undefined);
  });

  test('an expired token is not answered', async () => {
    const t = makeToken({ expiresAt: NOW + 10 });
    await ctx.store.sessionTokens.insert(t);
    assert.equal(await ctx.store.sessionTokens.consume(t.tokenHash, NOW + 10), undefined);
  });

  test('concurrent uses of one token: exactly one wins', async () => {
    const t = makeToken();
    await ctx.store.sessionTokens.insert(t);
    const results = await Promise.all([1, 2, 3, 4].map(() => ctx.store.sessionTokens.consume(t.tokenHash, NOW + 1)));
    assert.equal(results.filter(Boolean).length, 1);
  });

  test('voidOf ends every unused token of one user, and only theirs', async () => {
    const a = makeToken();
    const b = makeToken({ userId: a.userId });
    const other = makeToken();
    for (const t of [a, b, other]) await ctx.store.sessionTokens.insert(t);
    await ctx.store.sessionTokens.voidOf(a.userId, NOW);
    assert.equal(await ctx.store.sessionTokens.consume(a.tokenHash, NOW + 1), undefined);
    assert.equal(await ctx.store.sessionTokens.consume(b.tokenHash, NOW + 1), undefined);
    assert.ok(await ctx.store.sessionTokens.consume(other.tokenHash, NOW + 1));
  });
});
