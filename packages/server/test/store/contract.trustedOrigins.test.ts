import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrustedOrigin } from '../../src/store/repositories/trustedOrigins.js';
import { forEachEngine, unique } from '../support/contract.js';

const makeOrigin = (origin: string, overrides: Partial<TrustedOrigin> = {}): TrustedOrigin => ({
  id: unique('tos'), name: `origin ${origin}`, origin, scopes: ['CORS', 'REDIRECT'], ...overrides,
});

await forEachEngine('trustedOrigins repository', (ctx) => {
  test('upsert then findByOrigin returns the origin', async () => {
    const t = makeOrigin(`https://${unique('a')}.example.com`);
    await ctx.store.trustedOrigins.upsert(t);
    assert.deepEqual(await ctx.store.trustedOrigins.findByOrigin(t.origin), t);
    assert.equal(await ctx.store.trustedOrigins.findByOrigin(`${t.origin}:8443`), undefined);
  });

  test('upsert of a known origin updates name and scopes and keeps the first id', async () => {
    const t = makeOrigin(`https://${unique('b')}.example.com`);
    await ctx.store.trustedOrigins.upsert(t);
    await ctx.store.trustedOrigins.upsert(makeOrigin(t.origin, { name: 'renamed', scopes: ['CORS'] }));
    assert.deepEqual(await ctx.store.trustedOrigins.findByOrigin(t.origin), { ...t, name: 'renamed', scopes: ['CORS'] });
    assert.equal((await ctx.store.trustedOrigins.list()).filter((x) => x.origin === t.origin).length, 1);

    await ctx.store.trustedOrigins.upsert({ ...t, scopes: [] });
    assert.deepEqual((await ctx.store.trustedOrigins.findByOrigin(t.origin))?.scopes, []);
  });

  test('list returns all origins ordered by origin', async () => {
    const tag = unique();
    const z = makeOrigin(`https://zz-${tag}.example.com`);
    const a = makeOrigin(`https://aa-${tag}.example.com`);
    await ctx.store.trustedOrigins.upsert(z);
    await ctx.store.trustedOrigins.upsert(a);
    const listed = await ctx.store.trustedOrigins.list();
    const origins = listed.map((x) => x.origin);
    assert.ok(origins.includes(a.origin) && origins.indexOf(a.origin) < origins.indexOf(z.origin));
    assert.deepEqual(listed.find((x) => x.id === z.id), z);
  });
});
