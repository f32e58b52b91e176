import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuthenticatorEnrollment } from '../../src/store/repositories/authenticatorEnrollments.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

const makeEnrollment = (overrides: Partial<AuthenticatorEnrollment> = {}): AuthenticatorEnrollment => ({
  id: unique('pae'), userId: unique('00u'), authenticatorKey: 'google_otp', status: 'ACTIVE', profile: { label: 'x' },
  sealedSecret: 'v1.sealed', createdAt: NOW, lastUsedAt: null, lastStep: null, ...overrides,
});

await forEachEngine('authenticator enrollments repository', (ctx) => {
  test('insert and listOf round-trip every field, only the user\'s own, oldest first', async () => {
    const first = makeEnrollment();
    const second = makeEnrollment({ userId: first.userId, authenticatorKey: 'phone_number', sealedSecret: null, createdAt: NOW + 1 });
    await ctx.store.authenticatorEnrollments.insert(second);
    await ctx.store.authenticatorEnrollments.insert(first);
    await ctx.store.authenticatorEnrollments.insert(makeEnrollment());
    assert.deepEqual(await ctx.store.authenticatorEnrollments.listOf(first.userId), [first, second]);
    assert.deepEqual(await ctx.store.authenticatorEnrollments.listOf('00uNobody'), []);
    assert.deepEqual(await ctx.store.authenticatorEnrollments.findById(second.id), second);
    assert.equal(await ctx.store.authenticatorEnrollments.findById('paeNone'), undefined);
  });

  test('acceptStep accepts each time step once and only later ones after it, recording the use', async () => {
    const e = makeEnrollment();
    await ctx.store.authenticatorEnrollments.insert(e);
    assert.equal(await ctx.store.authenticatorEnrollments.acceptStep(e.id, 100, NOW + 5), true);
    assert.equal(await ctx.store.authenticatorEnrollments.acceptStep(e.id, 100, NOW + 6), false);
    assert.equal(await ctx.store.authenticatorEnrollments.acceptStep(e.id, 99, NOW + 7), false);
    const [stored] = await ctx.store.authenticatorEnrollments.listOf(e.userId);
    assert.deepEqual([stored.lastStep, stored.lastUsedAt], [100, NOW + 5]);
    assert.equal(await ctx.store.authenticatorEnrollments.acceptStep(e.id, 101, NOW + 8), true);
    assert.equal(await ctx.store.authenticatorEnrollments.acceptStep('paeNone', 500, NOW), false);
  });

  test('two concurrent acceptances of one step: exactly one wins', async () => {
    const e = makeEnrollment();
    await ctx.store.authenticatorEnrollments.insert(e);
    const results = await Promise.all([1, 2, 3].map(() => ctx.store.authenticatorEnrollments.acceptStep(e.id, 7, NOW)));
    assert.equal(results.filter(Boolean).length, 1);
  });
});
