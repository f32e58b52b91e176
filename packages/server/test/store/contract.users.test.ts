import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newUserStatusDates, type User, type UserCondition } from '../../src/store/repositories/users.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

function makeUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? unique('00u');
  const login = overrides.login ?? `${id}@example.com`;
  const made = {
    id,
    login,
    status: 'ACTIVE' as const,
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
  return { ...newUserStatusDates(made.status, made.createdAt), ...made };
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
    assert.deepEqual(await ctx.store.users.findById(user.id), { ...user, status: 'SUSPENDED', statusChangedAt: NOW + 1, updatedAt: NOW + 1 });

    const profile = { ...user.profile, firstName: 'Renée', mobilePhone: '+15555550100' };
    await ctx.store.users.update(user.id, { profile }, NOW + 2);
    assert.deepEqual(await ctx.store.users.findById(user.id), { ...user, status: 'SUSPENDED', statusChangedAt: NOW + 1, profile, updatedAt: NOW + 2 });

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

  test('status dates: statusChanged moves with each change of status and only then; activated is the first time ACTIVE', async () => {
    const user = makeUser({ status: 'STAGED', createdAt: NOW - 100, updatedAt: NOW - 100 });
    await ctx.store.users.insert(user);
    const dates = async () => {
      const found = await ctx.store.users.findById(user.id);
      return [found?.status, found?.statusChangedAt, found?.activatedAt];
    };
    assert.deepEqual(await dates(), ['STAGED', null, null], 'made STAGED: no change yet');
    await ctx.store.users.update(user.id, { status: 'PROVISIONED' }, NOW);
    assert.deepEqual(await dates(), ['PROVISIONED', NOW, null]);
    await ctx.store.users.update(user.id, { status: 'ACTIVE' }, NOW + 1);
    assert.deepEqual(await dates(), ['ACTIVE', NOW + 1, NOW + 1]);
    await ctx.store.users.update(user.id, { status: 'ACTIVE', profile: { ...user.profile, firstName: 'Same' } }, NOW + 2);
    assert.deepEqual(await dates(), ['ACTIVE', NOW + 1, NOW + 1], 'the same status again: no change');
    await ctx.store.users.lockOut(user.id, NOW + 60_000, NOW + 3);
    assert.deepEqual(await dates(), ['LOCKED_OUT', NOW + 3, NOW + 1]);
    await ctx.store.users.recordLogin(user.id, NOW + 4);
    assert.deepEqual(await dates(), ['ACTIVE', NOW + 4, NOW + 1], 'a sign-in that lifts the lock');
    assert.equal((await ctx.store.users.findById(user.id))?.updatedAt, NOW + 4);
    await ctx.store.users.recordLogin(user.id, NOW + 5);
    assert.deepEqual(await dates(), ['ACTIVE', NOW + 4, NOW + 1], 'a sign-in of an active user');
    assert.equal((await ctx.store.users.findById(user.id))?.updatedAt, NOW + 4, 'the user unchanged but for lastLogin');
    await ctx.store.users.lockOut(user.id, NOW + 60_000, NOW + 6);
    await ctx.store.users.unlock(user.id, NOW + 7);
    assert.deepEqual(await dates(), ['ACTIVE', NOW + 7, NOW + 1]);
    await ctx.store.users.unlock(user.id, NOW + 8);
    assert.deepEqual(await dates(), ['ACTIVE', NOW + 7, NOW + 1], 'unlock of a user not locked');
    await ctx.store.users.update(user.id, { status: 'DEPROVISIONED' }, NOW + 9);
    await ctx.store.users.update(user.id, { status: 'ACTIVE' }, NOW + 10);
    assert.deepEqual(await dates(), ['ACTIVE', NOW + 10, NOW + 1], 'activated again: the first activation stays');
  });

  test('a user made in a status other than STAGED: its status changed when made; activated when made in one only an activated user reaches', async () => {
    for (const [status, activated] of [['PROVISIONED', false], ['ACTIVE', true], ['SUSPENDED', true], ['DEPROVISIONED', false]] as const) {
      const user = makeUser({ status, createdAt: NOW - 5 });
      await ctx.store.users.insert(user);
      const found = await ctx.store.users.findById(user.id);
      assert.deepEqual([found?.statusChangedAt, found?.activatedAt], [NOW - 5, activated ? NOW - 5 : null], status);
    }
  });
});

await forEachEngine('users repository: pages and conditions (the management API\'s list)', (ctx) => {
  /** Users of one test, told apart from the others' by a tag in their department. */
  async function tagged(count: number, overrides: (n: number) => Partial<User> = () => ({})): Promise<{ tag: string; users: User[] }> {
    const tag = unique('dept');
    const users = Array.from({ length: count }, (_, n) => {
      const base = makeUser({ createdAt: NOW + (n % 2) }); // two share each millisecond: ids break the tie
      return { ...base, ...overrides(n), profile: { ...base.profile, department: `${tag} Ops`, ...overrides(n).profile } };
    });
    for (const user of users) await ctx.store.users.insert(user);
    return { tag, users };
  }
  const byTag = (tag: string) => ({ field: 'profile.department', op: 'sw', value: tag.toUpperCase() }) as const;

  test('pages in creation order, ids breaking ties, after a cursor; an unknown cursor pages nothing', async () => {
    const { tag, users } = await tagged(5);
    const expected = [...users].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)).map((u) => u.id);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await ctx.store.users.page({ limit: 2, after, where: byTag(tag) });
      seen.push(...page.map((u) => u.id));
      if (page.length < 2) break;
      after = page.at(-1)!.id;
    }
    assert.deepEqual(seen, expected);
    assert.deepEqual(await ctx.store.users.page({ limit: 2, after: '00unknown', where: byTag(tag) }), []);
  });

  test('conditions on columns and profile attributes: eq in any case, sw, co, pr, dates, all, any, not', async () => {
    const { tag, users } = await tagged(3, (n) => ({ status: n === 0 ? 'STAGED' : 'ACTIVE', updatedAt: NOW + n * 1000, profile: { nickName: n === 2 ? 'Zed' : undefined } as never }));
    const ids = async (condition: UserCondition) => (await ctx.store.users.page({ limit: 10, where: { all: [byTag(tag), condition] } })).map((u) => u.id).sort();
    const [a, b, c] = users.map((u) => u.id);
    assert.deepEqual(await ids({ field: 'status', op: 'eq', value: 'staged' }), [a]);
    assert.deepEqual(await ids({ field: 'profile.login', op: 'eq', value: users[1].login.toUpperCase() }), [b]);
    assert.deepEqual(await ids({ field: 'profile.nickName', op: 'eq', value: 'zED' }), [c]);
    assert.deepEqual(await ids({ field: 'profile.nickName', op: 'pr' }), [c]);
    assert.deepEqual(await ids({ field: 'profile.department', op: 'co', value: 'OPS' }), [a, b, c].sort());
    assert.deepEqual(await ids({ field: 'profile.firstName', op: 'co', value: '%' }), [], 'LIKE wildcards are literal');
    assert.deepEqual(await ids({ field: 'lastUpdated', op: 'ge', value: NOW + 1000 }), [b, c].sort());
    assert.deepEqual(await ids({ any: [{ field: 'id', op: 'eq', value: a }, { field: 'id', op: 'eq', value: c }] }), [a, c].sort());
    assert.deepEqual(await ids({ not: { field: 'status', op: 'eq', value: 'ACTIVE' } }), [a]);
    assert.deepEqual(await ids({ field: 'id', op: 'eq', value: a.toUpperCase() }), [], 'ids compare exactly');
    assert.deepEqual(await ids({ field: 'id', op: 'sw', value: a }), [a]);
  });

  test('purge removes the user and what hangs on them, and no one else\'s', async () => {
    const [gone, kept] = [makeUser(), makeUser()];
    for (const user of [gone, kept]) {
      await ctx.store.users.insert(user);
      await ctx.store.passwordHistory.remember(user.id, 'old-hash', NOW);
      await ctx.store.activationTokens.replace(user.id, unique('hash'), NOW, NOW + DAY);
      await ctx.store.authenticatorEnrollments.insert({ id: unique('pae'), userId: user.id, authenticatorKey: 'security_question', status: 'ACTIVE', profile: {}, sealedSecret: null, createdAt: NOW, lastUsedAt: null, lastStep: null });
    }
    assert.equal(await ctx.store.transaction((repos) => repos.users.purge(gone.id)), true);
    assert.equal(await ctx.store.users.findById(gone.id), undefined);
    assert.equal((await ctx.store.authenticatorEnrollments.listOf(gone.id)).length, 0);
    assert.deepEqual(await ctx.store.passwordHistory.previous(gone.id, 5), []);
    assert.deepEqual(await ctx.store.users.findById(kept.id), kept);
    assert.equal((await ctx.store.authenticatorEnrollments.listOf(kept.id)).length, 1);
    assert.deepEqual(await ctx.store.passwordHistory.previous(kept.id, 5), ['old-hash']);
    assert.equal(await ctx.store.transaction((repos) => repos.users.purge(gone.id)), false);
  });
});
