import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { User } from '../../src/store/repositories/users.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

const makeUser = (): User => {
  const id = unique('00u');
  return {
    id, login: `${id}@example.com`, status: 'ACTIVE', profile: { login: `${id}@example.com` }, passwordHash: null,
    passwordChangedAt: null, createdAt: NOW, updatedAt: NOW, lastLoginAt: null, failedLogins: 0, lockedUntil: null, emailVerifiedAt: null,
    statusChangedAt: NOW, activatedAt: NOW,
  };
};

await forEachEngine('store transactions', (ctx) => {
  test('a transaction that throws writes nothing', async () => {
    const user = makeUser();
    const groupId = unique('00g');
    const key = unique('setting.');
    const familyId = unique('oar');
    const existing = makeUser();
    await ctx.store.users.insert(existing);

    const failure = new Error('boom');
    await assert.rejects(ctx.store.transaction(async (repos) => {
      await repos.users.insert(user);
      await repos.groups.insert({ id: groupId, name: groupId, description: null, createdAt: NOW });
      await repos.groups.setMemberships(user.id, [groupId]);
      await repos.users.update(existing.id, { status: 'SUSPENDED' }, NOW + 1);
      await repos.settings.set(key, 'value');
      await repos.tokens.insertFamily({ id: familyId, clientId: '0oa', serverId: 'aus', userId: user.id, createdAt: NOW });
      // Reads inside see the writes inside.
      assert.equal((await repos.users.findById(user.id))?.id, user.id);
      assert.deepEqual(await repos.groups.groupNamesOf(user.id), [groupId]);
      throw failure;
    }), (error) => error === failure);

    assert.equal(await ctx.store.users.findById(user.id), undefined);
    assert.equal(await ctx.store.groups.findByName(groupId), undefined);
    assert.deepEqual(await ctx.store.groups.groupNamesOf(user.id), []);
    assert.deepEqual(await ctx.store.users.findById(existing.id), existing);
    assert.equal(await ctx.store.settings.get(key), undefined);
    assert.equal(await ctx.store.tokens.isFamilyRevoked(familyId), true, 'family was never written');
  });

  test('a transaction that fails on a database error writes nothing', async () => {
    const user = makeUser();
    await assert.rejects(ctx.store.transaction(async (repos) => {
      await repos.users.insert(user);
      await repos.users.insert({ ...makeUser(), login: user.login }); // unique violation
    }));
    assert.equal(await ctx.store.users.findById(user.id), undefined);
  });

  test('a transaction that succeeds commits everything and returns its value', async () => {
    const user = makeUser();
    const key = unique('setting.');
    const result = await ctx.store.transaction(async (repos) => {
      await repos.users.insert(user);
      await repos.settings.set(key, 'committed');
      return 'done';
    });
    assert.equal(result, 'done');
    assert.deepEqual(await ctx.store.users.findById(user.id), user);
    assert.equal(await ctx.store.settings.get(key), 'committed');
    assert.deepEqual(await ctx.openAnother().users.findById(user.id), user, 'visible to another store');
  });

  test('uncommitted writes are invisible to another store until commit', async () => {
    const user = makeUser();
    const other = ctx.openAnother();
    let seenInside: User | undefined | 'unset' = 'unset';
    await ctx.store.transaction(async (repos) => {
      await repos.users.insert(user);
      seenInside = await other.users.findById(user.id);
    });
    assert.equal(seenInside, undefined);
    assert.deepEqual(await other.users.findById(user.id), user);
  });
});
