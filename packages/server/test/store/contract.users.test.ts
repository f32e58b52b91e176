import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { User } from '../../src/store/repositories/users.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

function makeUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? unique('00u');
  const login = overrides.login ?? `${id}@example.com`;
  return {
    id,
    login,
    status: 'ACTIVE',
    profile: { login, email: login, firstName: 'Zoë', lastName: 'Ångström', nested: { tags: ['a', 'b'], n: 1.5 } },
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    passwordChangedAt: NOW - 1000,
    createdAt: NOW,
    updatedAt: NOW,
    lastLoginAt: null,
    failedLogins: 0,
    lockedUntil: null,
    emailVerifiedAt: NOW - 500,
    ...overrides,
  };
}

await forEachEngine('users repository', (ctx) => {
  test('insert then findById returns the same user', async () => {
    const user = makeUser();
    await ctx.store.users.insert(user);
    assert.deepEqual(await ctx.store.users.findById(user.id), user);
    assert.equal(await ctx.store.users.findById('00unknown'), undefined);
  });

  test('logins are stored lower-cased and found case-insensitively', async () => {
    const id = unique('00u');
    const user = makeUser({ id, login: `Mixed.Case.${id}@Example.COM` });
    await ctx.store.users.insert(user);
    const lower = user.login.toLowerCase();
    for (const probe of [user.login, lower, user.login.toUpperCase(), `  ${user.login} `]) {
      const found = await ctx.store.users.findByLogin(probe);
      assert.equal(found?.id, id, `findByLogin(${JSON.stringify(probe)})`);
      assert.equal(found?.login, lower);
    }
    assert.equal(await ctx.store.users.findByLogin(`nobody.${id}@example.com`), undefined);
  });

  test('a second user with the same login in another case is rejected', async () => {
    const user = makeUser();
    await ctx.store.users.insert(user);
    await assert.rejects(ctx.store.users.insert(makeUser({ login: user.login.toUpperCase() })));
    await assert.rejects(ctx.store.users.insert(makeUser({ id: user.id, login: `other.${user.login}` })), 'duplicate id');
    assert.equal((await ctx.store.users.findByLogin(user.login))?.id, user.id);
  });

  test('update changes only the given fields and stamps updatedAt', async () => {
    const user = makeUser();
    await ctx.store.users.insert(user);

    await ctx.store.users.update(user.id, { status: 'SUSPENDED' }, NOW + 1);
    assert.deepEqual(await ctx.store.users.findById(user.id), { ...user, status: 'SUSPENDED', updatedAt: NOW + 1 });

    const profile = { ...user.profile, firstName: 'Renée', mobilePhone: '+15555550100' };
    await ctx.store.users.update(user.id, { profile }, NOW + 2);
    assert.deepEqual(await ctx.store.users.findById(user.id), { ...user, status: 'SUSPENDED', profile, updatedAt: NOW + 2 });

    await ctx.store.users.update(user.id, { passwordHash: 'new-hash', passwordChangedAt: NOW + 3 }, NOW + 3);
    const afterPassword = await ctx.store.users.findById(user.id);
    assert.equal(afterPassword?.passwordHash, 'new-hash');
    assert.equal(afterPassword?.passwordChangedAt, NOW + 3);
    assert.equal(afterPassword?.createdAt, user.createdAt);
    assert.deepEqual(afterPassword?.profile, profile);

    await ctx.store.users.update(user.id, { emailVerifiedAt: null }, NOW + 4);
    assert.equal((await ctx.store.users.findById(user.id))?.emailVerifiedAt, null);
    await ctx.store.users.update(user.id, { emailVerifiedAt: NOW + 4 }, NOW + 4);
    assert.equal((await ctx.store.users.findById(user.id))?.emailVerifiedAt, NOW + 4);

    await ctx.store.users.update(user.id, { passwordHash: null, passwordChangedAt: null }, NOW + 4);
    const cleared = await ctx.store.users.findById(user.id);
    assert.equal(cleared?.passwordHash, null);
    assert.equal(cleared?.passwordChangedAt, null);
    assert.equal(cleared?.updatedAt, NOW + 4);
  });

  test('update touches only the user it names', async () => {
    const a = makeUser();
    const b = makeUser();
    await ctx.store.users.insert(a);
    await ctx.store.users.insert(b);
    await ctx.store.users.update(a.id, { status: 'LOCKED_OUT' }, NOW + 5);
    assert.deepEqual(await ctx.store.users.findById(b.id), b);
  });

  test('count and list follow inserts; list is ordered by login', async () => {
    const before = await ctx.store.users.count();
    assert.equal(typeof before, 'number');
    const tag = unique();
    await ctx.store.users.insert(makeUser({ login: `zz-${tag}@example.com` }));
    await ctx.store.users.insert(makeUser({ login: `aa-${tag}@example.com` }));
    assert.equal(await ctx.store.users.count(), before + 2);
    const logins = (await ctx.store.users.list()).map((u) => u.login);
    assert.equal(logins.length, before + 2);
    assert.ok(logins.indexOf(`aa-${tag}@example.com`) < logins.indexOf(`zz-${tag}@example.com`), 'ordered by login');
    assert.ok(logins.indexOf(`aa-${tag}@example.com`) >= 0);
  });

  test('epoch-millisecond columns come back as exact JS numbers', async () => {
    const at = Date.now() + 123_456_789;
    const user = makeUser({ createdAt: at, updatedAt: at + 1, passwordChangedAt: at + 2, lastLoginAt: at + 3 });
    await ctx.store.users.insert(user);
    const found = await ctx.store.users.findById(user.id);
    for (const key of ['createdAt', 'updatedAt', 'passwordChangedAt', 'lastLoginAt'] as const) {
      assert.equal(typeof found?.[key], 'number', key);
    }
    assert.equal(found?.lastLoginAt, at + 3);
    const raw = await ctx.store.db.selectFrom('users').select(['created_at', 'last_login_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.equal(raw.created_at, at);
    assert.equal(typeof raw.created_at, 'number');
    assert.equal(raw.last_login_at, at + 3);
  });
});

const DAY = 24 * 3600_000;

await forEachEngine('users repository: lockout', (ctx) => {
  test('failures a day apart do not add up: a failure after forgetBefore counts on, one older starts over', async () => {
    const user = makeUser();
    await ctx.store.users.insert(user);
    assert.equal(await ctx.store.users.recordFailedLogin(user.id, NOW - DAY - 5, NOW - 2 * DAY), 1);
    assert.equal(await ctx.store.users.recordFailedLogin(user.id, NOW - DAY - 1, NOW - 2 * DAY - 1), 2);
    assert.equal(await ctx.store.users.recordFailedLogin(user.id, NOW, NOW - DAY), 1);
    assert.equal(await ctx.store.users.recordFailedLogin(user.id, NOW + 1, NOW + 1 - DAY), 2);
    assert.equal((await ctx.store.users.findById(user.id))?.failedLogins, 2);
  });

  test('failed logins count atomically; lockOut and recordLogin', async () => {
    const user = makeUser();
    await ctx.store.users.insert(user);
    const counts = await Promise.all([1, 2, 3, 4, 5].map(() => ctx.store.users.recordFailedLogin(user.id, NOW, NOW - DAY)));
    assert.deepEqual([...counts].sort(), [1, 2, 3, 4, 5]);
    await ctx.store.users.lockOut(user.id, NOW + 60_000, NOW);
    let found = await ctx.store.users.findById(user.id);
    assert.equal(found?.status, 'LOCKED_OUT');
    assert.equal(found?.lockedUntil, NOW + 60_000);
    await ctx.store.users.recordLogin(user.id, NOW + 1);
    found = await ctx.store.users.findById(user.id);
    assert.equal(found?.status, 'ACTIVE');
    assert.equal(found?.failedLogins, 0);
    assert.equal(found?.lockedUntil, null);
    assert.equal(found?.lastLoginAt, NOW + 1);
  });

  test('recordLogin leaves a suspended user suspended', async () => {
    const user = makeUser({ status: 'SUSPENDED' });
    await ctx.store.users.insert(user);
    await ctx.store.users.recordLogin(user.id, NOW);
    assert.equal((await ctx.store.users.findById(user.id))?.status, 'SUSPENDED');
  });
});
