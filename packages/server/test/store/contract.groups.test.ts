import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Group } from '../../src/store/repositories/groups.js';
import type { User } from '../../src/store/repositories/users.js';
import { forEachEngine, unique, type ContractContext } from '../support/contract.js';

const NOW = Date.now();

async function newUser(ctx: ContractContext): Promise<User> {
  const id = unique('00u');
  const user: User = {
    id, login: `${id}@example.com`, status: 'ACTIVE', profile: { login: `${id}@example.com` }, passwordHash: null,
    passwordChangedAt: null, createdAt: NOW, updatedAt: NOW, lastLoginAt: null, failedLogins: 0, lockedUntil: null, emailVerifiedAt: null,
    statusChangedAt: NOW, activatedAt: NOW,
  };
  await ctx.store.users.insert(user);
  return user;
}

async function newGroup(ctx: ContractContext, name = unique('group-')): Promise<Group> {
  const group: Group = { id: unique('00g'), name, description: `about ${name}`, createdAt: NOW };
  await ctx.store.groups.insert(group);
  return group;
}

await forEachEngine('groups repository', (ctx) => {
  test('insert then findByName and list return the group', async () => {
    const group = await newGroup(ctx);
    assert.deepEqual(await ctx.store.groups.findByName(group.name), group);
    assert.deepEqual((await ctx.store.groups.list()).find((g) => g.id === group.id), group);
    assert.equal(await ctx.store.groups.findByName(`${group.name}-missing`), undefined);
    const tag = unique();
    await newGroup(ctx, `zz-${tag}`);
    await newGroup(ctx, `aa-${tag}`);
    const names = (await ctx.store.groups.list()).map((g) => g.name);
    assert.ok(names.indexOf(`aa-${tag}`) >= 0 && names.indexOf(`aa-${tag}`) < names.indexOf(`zz-${tag}`), 'ordered by name');
  });

  test('group names are unique', async () => {
    const group = await newGroup(ctx);
    await assert.rejects(ctx.store.groups.insert({ ...group, id: unique('00g') }));
  });

  test('updateDescription changes only that group', async () => {
    const a = await newGroup(ctx);
    const b = await newGroup(ctx);
    await ctx.store.groups.updateDescription(a.id, null);
    assert.deepEqual(await ctx.store.groups.findByName(a.name), { ...a, description: null });
    assert.deepEqual(await ctx.store.groups.findByName(b.name), b);
  });

  test('setMemberships sets, replaces and clears a user\'s groups', async () => {
    const user = await newUser(ctx);
    const other = await newUser(ctx);
    const tag = unique();
    const [g1, g2, g3] = [await newGroup(ctx, `c-${tag}`), await newGroup(ctx, `a-${tag}`), await newGroup(ctx, `b-${tag}`)];
    assert.deepEqual(await ctx.store.groups.groupNamesOf(user.id), []);

    await ctx.store.groups.setMemberships(user.id, [g1.id, g2.id]);
    await ctx.store.groups.setMemberships(other.id, [g3.id]);
    assert.deepEqual(await ctx.store.groups.groupNamesOf(user.id), [g2.name, g1.name], 'ordered by name');

    await ctx.store.groups.setMemberships(user.id, [g3.id]);
    assert.deepEqual(await ctx.store.groups.groupNamesOf(user.id), [g3.name], 'replaced, not added');
    assert.deepEqual(await ctx.store.groups.groupNamesOf(other.id), [g3.name], 'other user untouched');

    const all = await ctx.store.groups.memberships();
    assert.deepEqual(all.filter((m) => m.userId === user.id || m.userId === other.id)
      .sort((x, y) => x.userId.localeCompare(y.userId)),
    [{ userId: user.id, groupName: g3.name }, { userId: other.id, groupName: g3.name }].sort((x, y) => x.userId.localeCompare(y.userId)));

    await ctx.store.groups.setMemberships(user.id, []);
    assert.deepEqual(await ctx.store.groups.groupNamesOf(user.id), []);
    assert.deepEqual(await ctx.store.groups.groupNamesOf(other.id), [g3.name]);
  });

  test('a membership in an unknown group is rejected and leaves the old memberships', async () => {
    const user = await newUser(ctx);
    const group = await newGroup(ctx);
    await ctx.store.groups.setMemberships(user.id, [group.id]);
    await assert.rejects(ctx.store.groups.setMemberships(user.id, ['00gdoesnotexist']));
    assert.deepEqual(await ctx.store.groups.groupNamesOf(user.id), [group.name]);
  });

  test('deleting a user or a group deletes its memberships', async () => {
    const user = await newUser(ctx);
    const stays = await newUser(ctx);
    const [kept, dropped] = [await newGroup(ctx, unique('a-')), await newGroup(ctx, unique('b-'))];
    await ctx.store.groups.setMemberships(user.id, [kept.id, dropped.id]);
    await ctx.store.groups.setMemberships(stays.id, [kept.id, dropped.id]);

    await ctx.store.db.deleteFrom('groups').where('id', '=', dropped.id).execute();
    assert.deepEqual(await ctx.store.groups.groupNamesOf(user.id), [kept.name]);
    assert.deepEqual(await ctx.store.groups.groupNamesOf(stays.id), [kept.name]);

    await ctx.store.db.deleteFrom('users').where('id', '=', user.id).execute();
    const rows = await ctx.store.db.selectFrom('group_members').selectAll().where('user_id', '=', user.id).execute();
    assert.deepEqual(rows, []);
    assert.deepEqual(await ctx.store.groups.groupNamesOf(stays.id), [kept.name]);
  });
});
