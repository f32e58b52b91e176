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

  test('findById, replace (profile and secret, nothing else) and all (by user, oldest first)', async () => {
    const e = makeEnrollment();
    await ctx.store.authenticatorEnrollments.insert(e);
    assert.deepEqual(await ctx.store.authenticatorEnrollments.findById(e.id), e);
    assert.equal(await ctx.store.authenticatorEnrollments.findById('paeNobody'), undefined);
    await ctx.store.authenticatorEnrollments.replace(e.id, { label: 'y' }, 'v1.other');
    assert.deepEqual(await ctx.store.authenticatorEnrollments.findById(e.id), { ...e, profile: { label: 'y' }, sealedSecret: 'v1.other' });
    const later = makeEnrollment({ userId: e.userId, createdAt: NOW + 1 });
    await ctx.store.authenticatorEnrollments.insert(later);
    const mine = (await ctx.store.authenticatorEnrollments.all()).filter((x) => x.userId === e.userId).map((x) => x.id);
    assert.deepEqual(mine, [e.id, later.id]);
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

  test('rename names and unnames only the user\'s own enrollment', async () => {
    const e = makeEnrollment();
    await ctx.store.authenticatorEnrollments.insert(e);
    assert.equal(await ctx.store.authenticatorEnrollments.rename(e.id, e.userId, 'Work phone'), true);
    assert.deepEqual(await ctx.store.authenticatorEnrollments.listOf(e.userId), [{ ...e, nickname: 'Work phone' }]);
    assert.equal(await ctx.store.authenticatorEnrollments.rename(e.id, '00uSomeoneElse', 'Mine now'), false);
    assert.equal(await ctx.store.authenticatorEnrollments.rename('paeNone', e.userId, 'x'), false);
    assert.equal(await ctx.store.authenticatorEnrollments.rename(e.id, e.userId, null), true);
    assert.deepEqual(await ctx.store.authenticatorEnrollments.listOf(e.userId), [e]);
  });

  test('a nickname given at insert is kept', async () => {
    const e = makeEnrollment({ nickname: 'Laptop' });
    await ctx.store.authenticatorEnrollments.insert(e);
    assert.deepEqual(await ctx.store.authenticatorEnrollments.listOf(e.userId), [e]);
  });

  test('remove deletes only the user\'s own enrollment, once', async () => {
    const e = makeEnrollment();
    const other = makeEnrollment({ userId: e.userId, createdAt: NOW + 1 });
    await ctx.store.authenticatorEnrollments.insert(e);
    await ctx.store.authenticatorEnrollments.insert(other);
    assert.equal(await ctx.store.authenticatorEnrollments.remove(e.id, '00uSomeoneElse'), false);
    assert.equal(await ctx.store.authenticatorEnrollments.remove(e.id, e.userId), true);
    assert.equal(await ctx.store.authenticatorEnrollments.remove(e.id, e.userId), false);
    assert.deepEqual(await ctx.store.authenticatorEnrollments.listOf(e.userId), [other]);
  });

  test('a WebAuthn credential: stored with its id and public key, found by its id, each id once', async () => {
    const e = makeEnrollment({ authenticatorKey: 'webauthn', sealedSecret: null, credentialId: unique('cred'), publicKey: 'pQECAyYgASFYIA' });
    await ctx.store.authenticatorEnrollments.insert(e);
    assert.deepEqual(await ctx.store.authenticatorEnrollments.findByCredentialId(e.credentialId!), e);
    assert.deepEqual(await ctx.store.authenticatorEnrollments.listOf(e.userId), [e]);
    assert.equal(await ctx.store.authenticatorEnrollments.findByCredentialId('unknown'), undefined);
    await assert.rejects(ctx.store.authenticatorEnrollments.insert(makeEnrollment({ credentialId: e.credentialId, publicKey: 'x' })), 'a credential belongs to one enrollment');
  });

  test('acceptCounter: only a greater counter, or 0 again from an authenticator that never counted', async () => {
    const counting = makeEnrollment({ authenticatorKey: 'webauthn', sealedSecret: null, credentialId: unique('cred'), publicKey: 'k', lastStep: 3 });
    await ctx.store.authenticatorEnrollments.insert(counting);
    assert.equal(await ctx.store.authenticatorEnrollments.acceptCounter(counting.id, 3, NOW), false);
    assert.equal(await ctx.store.authenticatorEnrollments.acceptCounter(counting.id, 0, NOW), false);
    assert.equal(await ctx.store.authenticatorEnrollments.acceptCounter(counting.id, 4, NOW + 1), true);
    const [stored] = await ctx.store.authenticatorEnrollments.listOf(counting.userId);
    assert.deepEqual([stored.lastStep, stored.lastUsedAt], [4, NOW + 1]);
    const uncounted = makeEnrollment({ authenticatorKey: 'webauthn', sealedSecret: null, credentialId: unique('cred'), publicKey: 'k', lastStep: 0 });
    await ctx.store.authenticatorEnrollments.insert(uncounted);
    assert.equal(await ctx.store.authenticatorEnrollments.acceptCounter(uncounted.id, 0, NOW), true);
    assert.equal(await ctx.store.authenticatorEnrollments.acceptCounter(uncounted.id, 0, NOW), true);
  });
});
