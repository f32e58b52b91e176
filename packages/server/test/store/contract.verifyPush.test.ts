import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PushChallenge } from '../../src/store/repositories/verifyPush.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

const makePush = (overrides: Partial<PushChallenge> = {}): PushChallenge => ({
  id: unique('psh'), enrollmentId: unique('pae'), transactionId: unique('ftx'), status: 'PENDING', choices: [12, 47, 83], correctAnswer: 47,
  createdAt: NOW, expiresAt: NOW + 300_000, answeredAt: null, ...overrides,
});

await forEachEngine('Latchkey Verify push repository', (ctx) => {
  test('an enrollment token is consumed once, and not after it expired', async () => {
    const repo = ctx.store.verifyPush;
    const grant = { enrollmentId: unique('pae'), userId: unique('00u') };
    const hash = unique('hash');
    await repo.insertEnrollmentToken(hash, grant, NOW + 1000);
    assert.deepEqual(await repo.consumeEnrollmentToken(hash, NOW), grant);
    assert.equal(await repo.consumeEnrollmentToken(hash, NOW), undefined);
    const late = unique('hash');
    await repo.insertEnrollmentToken(late, grant, NOW + 1000);
    assert.equal(await repo.consumeEnrollmentToken(late, NOW + 1000), undefined);
    assert.equal(await repo.consumeEnrollmentToken('unknown', NOW), undefined);
  });

  test('two processes consuming one token at once: exactly one gets it', async () => {
    const hash = unique('hash');
    await ctx.store.verifyPush.insertEnrollmentToken(hash, { enrollmentId: unique('pae'), userId: unique('00u') }, NOW + 1000);
    const other = ctx.openAnother();
    const results = await Promise.all([ctx.store, other, ctx.store].map((s) => s.verifyPush.consumeEnrollmentToken(hash, NOW)));
    assert.equal(results.filter(Boolean).length, 1);
  });

  test('challenges round-trip; pendingFor lists the device\'s pending unexpired ones, oldest first', async () => {
    const repo = ctx.store.verifyPush;
    const first = makePush();
    const second = makePush({ enrollmentId: first.enrollmentId, createdAt: NOW + 1, choices: [], correctAnswer: null });
    const expired = makePush({ enrollmentId: first.enrollmentId, expiresAt: NOW - 1 });
    for (const p of [second, first, expired, makePush()]) await repo.insertChallenge(p);
    assert.deepEqual(await repo.challenge(first.id), first);
    assert.deepEqual(await repo.pendingFor(first.enrollmentId, NOW), [first, second]);
    assert.equal(await repo.challenge('pshNone'), undefined);
  });

  test('answer: once, only by the device it was sent to, only before it expires; concurrent answers: one wins', async () => {
    const repo = ctx.store.verifyPush;
    const p = makePush();
    await repo.insertChallenge(p);
    assert.equal(await repo.answer(p.id, 'paeOther', 'APPROVED', NOW), false);
    assert.equal(await repo.answer(p.id, p.enrollmentId, 'APPROVED', p.expiresAt), false);
    const results = await Promise.all([ctx.store, ctx.openAnother()].map((s) => s.verifyPush.answer(p.id, p.enrollmentId, 'DENIED', NOW + 5)));
    assert.deepEqual(results.filter(Boolean), [true]);
    assert.deepEqual(await repo.challenge(p.id), { ...p, status: 'DENIED', answeredAt: NOW + 5 });
    assert.deepEqual(await repo.pendingFor(p.enrollmentId, NOW), []);
  });

  test('purgeExpired deletes expired tokens and challenges only', async () => {
    const repo = ctx.store.verifyPush;
    const [old, live] = [makePush({ expiresAt: NOW - 10 }), makePush()];
    await repo.insertChallenge(old);
    await repo.insertChallenge(live);
    await repo.purgeExpired(NOW);
    assert.equal(await repo.challenge(old.id), undefined);
    assert.deepEqual(await repo.challenge(live.id), live);
  });
});
