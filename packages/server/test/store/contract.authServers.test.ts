import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccessPolicy, AccessRule, AuthServer, Claim, Scope } from '../../src/store/repositories/authServers.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

const scope = (name: string, overrides: Partial<Scope> = {}): Scope => ({
  id: unique('scp'), name, description: `${name} scope`, consent: 'IMPLICIT', isDefault: false, system: false, ...overrides,
});

const claim = (name: string, overrides: Partial<Claim> = {}): Claim => ({
  id: unique('ocl'), name, claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.email', groupFilterType: null,
  alwaysIncludeInToken: true, scopes: [], status: 'ACTIVE', ...overrides,
});

const rule = (name: string, priority: number, overrides: Partial<AccessRule> = {}): AccessRule => ({
  id: unique('0pr'), name, priority, status: 'ACTIVE', grantTypes: ['authorization_code', 'refresh_token'], scopes: ['*'],
  people: { users: [], groups: ['Everyone'] }, accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: null,
  refreshTokenWindowMinutes: 10080, ...overrides,
});

const policy = (name: string, priority: number, rules: AccessRule[], overrides: Partial<AccessPolicy> = {}): AccessPolicy => ({
  id: unique('00p'), name, description: null, priority, status: 'ACTIVE', clients: ['ALL_CLIENTS'], rules, ...overrides,
});

/** A server with children already in the order find() returns them (scopes, claims by name; policies, rules by priority). */
function makeServer(overrides: Partial<AuthServer> = {}): AuthServer {
  return {
    id: unique('aus'),
    name: 'default',
    description: 'Default Authorization Server',
    audiences: ['api://default', 'https://api.example.com'],
    status: 'ACTIVE',
    createdAt: NOW,
    scopes: [
      scope('email'),
      scope('offline_access', { consent: 'REQUIRED', system: true }),
      scope('openid', { isDefault: true, system: true, description: null }),
    ],
    claims: [
      claim('email', { claimType: 'IDENTITY', scopes: ['email'] }),
      claim('groups', { valueType: 'GROUPS', value: 'Admin', groupFilterType: 'STARTS_WITH', alwaysIncludeInToken: false, status: 'INACTIVE' }),
    ],
    policies: [
      policy('First', 1, [
        rule('r1', 1, { refreshTokenLifetimeMinutes: 90 * 24 * 60, people: { users: ['00u1'], groups: ['Admins'] } }),
        rule('r2', 2, { grantTypes: ['client_credentials'], scopes: ['read', 'write'], status: 'INACTIVE' }),
      ], { description: 'first policy', clients: ['0oaA', '0oaB'] }),
      policy('Second', 2, [rule('only', 1, { accessTokenLifetimeMinutes: 5 })]),
      policy('Empty', 3, []),
    ],
    ...overrides,
  };
}

await forEachEngine('authServers repository', (ctx) => {
  test('save then find returns the same aggregate', async () => {
    const server = makeServer();
    await ctx.store.authServers.save(server);
    assert.deepEqual(await ctx.store.authServers.find(server.id), server);
    assert.equal(await ctx.store.authServers.find(`${server.id}x`), undefined);
    assert.ok((await ctx.store.authServers.ids()).includes(server.id));
  });

  test('children come back ordered by name and priority whatever the saved order', async () => {
    const server = makeServer();
    const shuffled: AuthServer = {
      ...server,
      scopes: [...server.scopes].reverse(),
      claims: [...server.claims].reverse(),
      policies: [...server.policies].reverse().map((p) => ({ ...p, rules: [...p.rules].reverse() })),
    };
    await ctx.store.authServers.save(shuffled);
    const found = await ctx.store.authServers.find(server.id);
    assert.deepEqual(found, server);
    assert.deepEqual(found?.policies.map((p) => p.priority), [1, 2, 3]);
    assert.deepEqual(found?.policies[0].rules.map((r) => r.name), ['r1', 'r2']);
  });

  test('rules are ordered by priority within each policy and stay with their policy', async () => {
    const server = makeServer({
      policies: [
        policy('A', 1, [rule('a-30', 30), rule('a-10', 10), rule('a-20', 20)]),
        policy('B', 2, [rule('b-5', 5), rule('b-1', 1)]),
      ],
    });
    await ctx.store.authServers.save(server);
    const found = await ctx.store.authServers.find(server.id);
    assert.deepEqual(found?.policies.map((p) => [p.name, p.rules.map((r) => r.name)]), [
      ['A', ['a-10', 'a-20', 'a-30']],
      ['B', ['b-1', 'b-5']],
    ]);
  });

  test('a second save replaces the children and keeps createdAt', async () => {
    const server = makeServer();
    await ctx.store.authServers.save(server);
    const second: AuthServer = {
      ...server,
      name: 'renamed',
      description: null,
      audiences: ['api://other'],
      status: 'INACTIVE',
      createdAt: NOW + 99_000,
      scopes: [scope('openid', { system: true })],
      claims: [],
      policies: [policy('Only', 1, [rule('new-rule', 1)])],
    };
    await ctx.store.authServers.save(second);
    assert.deepEqual(await ctx.store.authServers.find(server.id), { ...second, createdAt: server.createdAt });

    const oldPolicyIds = server.policies.map((p) => p.id);
    const orphanRules = await ctx.store.db.selectFrom('access_rules').select('id').where('policy_id', 'in', oldPolicyIds).execute();
    assert.deepEqual(orphanRules, [], 'rules of replaced policies are gone');
    const oldPolicies = await ctx.store.db.selectFrom('access_policies').select('id').where('id', 'in', oldPolicyIds).execute();
    assert.deepEqual(oldPolicies, []);
  });

  test('saving the same aggregate twice changes nothing', async () => {
    const server = makeServer();
    await ctx.store.authServers.save(server);
    await ctx.store.authServers.save(server);
    assert.deepEqual(await ctx.store.authServers.find(server.id), server);
  });

  test('saving one server leaves another server\'s children alone', async () => {
    const a = makeServer();
    const b = makeServer({ name: 'b' });
    await ctx.store.authServers.save(a);
    await ctx.store.authServers.save(b);
    await ctx.store.authServers.save({ ...b, scopes: [], claims: [], policies: [] });
    assert.deepEqual(await ctx.store.authServers.find(a.id), a);
    assert.deepEqual(await ctx.store.authServers.find(b.id), { ...b, scopes: [], claims: [], policies: [] });
  });

  test('a save that fails leaves the previous aggregate whole', async () => {
    const server = makeServer();
    await ctx.store.authServers.save(server);
    // Two claims with the same name and type break the unique constraint halfway through the save.
    const broken: AuthServer = { ...server, scopes: [scope('only-scope')], claims: [claim('dup'), claim('dup')] };
    await assert.rejects(ctx.store.authServers.save(broken));
    assert.deepEqual(await ctx.store.authServers.find(server.id), server);
  });

  test('deleting a policy deletes its rules; deleting a server deletes everything under it', async () => {
    const server = makeServer();
    await ctx.store.authServers.save(server);
    const [first, second] = server.policies;

    await ctx.store.db.deleteFrom('access_policies').where('id', '=', first.id).execute();
    const rulesOfFirst = await ctx.store.db.selectFrom('access_rules').select('id').where('policy_id', '=', first.id).execute();
    assert.deepEqual(rulesOfFirst, []);
    const found = await ctx.store.authServers.find(server.id);
    assert.deepEqual(found?.policies.map((p) => p.id), server.policies.slice(1).map((p) => p.id));
    assert.deepEqual(found?.policies[0].rules, second.rules);

    await ctx.store.db.deleteFrom('auth_servers').where('id', '=', server.id).execute();
    assert.equal(await ctx.store.authServers.find(server.id), undefined);
    for (const table of ['scopes', 'claims', 'access_policies'] as const) {
      const rows = await ctx.store.db.selectFrom(table).select('id').where('server_id', '=', server.id).execute();
      assert.deepEqual(rows, [], table);
    }
    const rules = await ctx.store.db.selectFrom('access_rules').select('id').where('id', 'in', second.rules.map((r) => r.id)).execute();
    assert.deepEqual(rules, []);
  });

  test('scope names are unique within a server only', async () => {
    const a = makeServer({ scopes: [scope('shared')] });
    const b = makeServer({ scopes: [scope('shared')] });
    await ctx.store.authServers.save(a);
    await ctx.store.authServers.save(b);
    assert.deepEqual((await ctx.store.authServers.find(b.id))?.scopes, b.scopes);
    await assert.rejects(ctx.store.authServers.save({ ...a, scopes: [scope('twice'), scope('twice')] }));
  });
});
