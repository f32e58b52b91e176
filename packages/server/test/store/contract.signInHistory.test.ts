import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

await forEachEngine('sign-in history repository', (ctx) => {
  test('a device is known after a sign-in; remembered for MFA only when asked, and again at a later remembering sign-in', async () => {
    const [user, device] = [unique('00u'), unique('dev')];
    assert.deepEqual(await ctx.store.signInHistory.knows(user, device, '192.0.2.0/24'), { device: false, network: false });
    await ctx.store.signInHistory.signedIn(user, device, '192.0.2.0/24', NOW);
    assert.deepEqual(await ctx.store.signInHistory.knows(user, device, '192.0.2.0/24'), { device: true, network: true });
    assert.equal(await ctx.store.signInHistory.mfaRememberedAt(user, device), undefined);

    await ctx.store.signInHistory.signedIn(user, device, '192.0.2.0/24', NOW + 10, true);
    assert.equal(await ctx.store.signInHistory.mfaRememberedAt(user, device), NOW + 10);
    await ctx.store.signInHistory.signedIn(user, device, '192.0.2.0/24', NOW + 20);
    assert.equal(await ctx.store.signInHistory.mfaRememberedAt(user, device), NOW + 10, 'a sign-in that does not remember keeps the time');
    await ctx.store.signInHistory.signedIn(user, device, '192.0.2.0/24', NOW + 30, true);
    assert.equal(await ctx.store.signInHistory.mfaRememberedAt(user, device), NOW + 30);
  });

  test('a device remembered at its first sign-in; forgotten for one device, or for all of a user\'s', async () => {
    const [user, other, a, b] = [unique('00u'), unique('00u'), unique('dev'), unique('dev')];
    for (const [u, d] of [[user, a], [user, b], [other, a]]) await ctx.store.signInHistory.signedIn(u, d, '198.51.100.0/24', NOW, true);
    assert.equal(await ctx.store.signInHistory.mfaRememberedAt(user, a), NOW);

    await ctx.store.signInHistory.forgetMfa(user, a);
    assert.deepEqual([await ctx.store.signInHistory.mfaRememberedAt(user, a), await ctx.store.signInHistory.mfaRememberedAt(user, b)], [undefined, NOW]);
    await ctx.store.signInHistory.forgetMfa(user);
    assert.equal(await ctx.store.signInHistory.mfaRememberedAt(user, b), undefined);
    assert.equal(await ctx.store.signInHistory.mfaRememberedAt(other, a), NOW, 'another user\'s device stays remembered');
    assert.equal((await ctx.store.signInHistory.knows(user, a, '198.51.100.0/24')).device, true, 'a forgotten device is still known');
  });

  test('when a device was asked "Stay signed in?": recorded by the sign-in that asked, kept by others, forgotten with the MFA remembering', async () => {
    const [user, other, device] = [unique('00u'), unique('00u'), unique('dev')];
    await ctx.store.signInHistory.signedIn(user, device, '203.0.113.0/24', NOW);
    assert.equal(await ctx.store.signInHistory.staySignedInAskedAt(user, device), undefined);
    await ctx.store.signInHistory.signedIn(user, device, '203.0.113.0/24', NOW + 10, false, true);
    await ctx.store.signInHistory.signedIn(other, device, '203.0.113.0/24', NOW + 15, false, true);
    await ctx.store.signInHistory.signedIn(user, device, '203.0.113.0/24', NOW + 20, true);
    assert.deepEqual([await ctx.store.signInHistory.staySignedInAskedAt(user, device), await ctx.store.signInHistory.mfaRememberedAt(user, device)], [NOW + 10, NOW + 20]);

    await ctx.store.signInHistory.forgetMfa(user, device);
    assert.deepEqual([await ctx.store.signInHistory.staySignedInAskedAt(user, device), await ctx.store.signInHistory.mfaRememberedAt(user, device)], [undefined, undefined]);
    assert.equal(await ctx.store.signInHistory.staySignedInAskedAt(other, device), NOW + 15, 'another user on the device stays asked');
  });
});
