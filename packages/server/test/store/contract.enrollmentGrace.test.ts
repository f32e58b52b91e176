import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

await forEachEngine('enrollment grace repository', (ctx) => {
  test('no record before a skip; each skip counts and moves the time of the last, per user and key', async () => {
    const user = unique('00u');
    assert.deepEqual(await ctx.store.enrollmentGrace.of(user), {});
    await ctx.store.enrollmentGrace.recordSkip(user, ['google_otp', 'okta_email'], NOW);
    await ctx.store.enrollmentGrace.recordSkip(user, ['google_otp'], NOW + 10);
    await ctx.store.enrollmentGrace.recordSkip(unique('00u'), ['google_otp'], NOW + 20);
    assert.deepEqual(await ctx.store.enrollmentGrace.of(user), {
      google_otp: { skips: 2, lastSkippedAt: NOW + 10 },
      okta_email: { skips: 1, lastSkippedAt: NOW },
    });
  });

  test('skips recorded at once are all counted', async () => {
    const user = unique('00u');
    await Promise.all([1, 2, 3, 4].map((i) => ctx.store.enrollmentGrace.recordSkip(user, ['google_otp'], NOW + i)));
    assert.equal((await ctx.store.enrollmentGrace.of(user)).google_otp.skips, 4);
  });
});
