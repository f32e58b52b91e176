import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Policy, PolicyRule } from '../../src/store/repositories/policies.js';
import { forEachEngine, unique } from '../support/contract.js';

const rule = (name: string, priority: number, overrides: Partial<PolicyRule> = {}): PolicyRule => ({
  id: unique('0pr'), name, priority, status: 'ACTIVE',
  conditions: { people: { groups: { include: ['Everyone'] } }, network: { connection: 'ANYWHERE' } },
  actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] } }] } } },
  ...overrides,
});

const policy = (type: string, name: string, priority: number, rules: PolicyRule[], overrides: Partial<Policy> = {}): Policy => ({
  id: unique('00p'), type, name, description: `${name} policy`, priority, status: 'ACTIVE',
  conditions: { people: { groups: { include: ['Everyone'] } } }, settings: { factors: { okta_password: { enroll: { self: 'REQUIRED' } } } },
  rules, ...overrides,
});

await forEachEngine('policies repository', (ctx) => {
  test('save then list by type returns the policies with their rules, by priority', async () => {
    const type = unique('ACCESS_POLICY_');
    const second = policy(type, 'Second', 2, [rule('s-b', 2), rule('s-a', 1, { status: 'INACTIVE', conditions: {}, actions: {} })]);
    const first = policy(type, 'First', 1, [rule('f-only', 1)], { description: null, conditions: {}, settings: {} });
    const empty = policy(type, 'Empty', 3, []);
    await ctx.store.policies.save(second);
    await ctx.store.policies.save(empty);
    await ctx.store.policies.save(first);

    const listed = await ctx.store.policies.list(type);
    assert.deepEqual(listed, [first, { ...second, rules: [second.rules[1], second.rules[0]] }, empty]);
  });

  test('list by type excludes other types; list() returns all, by type then priority', async () => {
    const tag = unique();
    const a = policy(`A_${tag}`, 'a', 5, [rule('ra', 1)]);
    const b = policy(`B_${tag}`, 'b', 1, [rule('rb', 1)]);
    await ctx.store.policies.save(b);
    await ctx.store.policies.save(a);
    assert.deepEqual(await ctx.store.policies.list(a.type), [a]);
    assert.deepEqual(await ctx.store.policies.list(b.type), [b]);
    assert.deepEqual(await ctx.store.policies.list(`NONE_${tag}`), []);
    const all = (await ctx.store.policies.list()).filter((p) => p.type.endsWith(tag));
    assert.deepEqual(all, [a, b]);
  });

  test('a second save updates the policy and replaces its rules', async () => {
    const type = unique('PASSWORD_');
    const original = policy(type, 'Default', 1, [rule('old-1', 1), rule('old-2', 2)]);
    await ctx.store.policies.save(original);
    const replaced = { ...original, description: 'changed', priority: 7, status: 'INACTIVE' as const, settings: { x: 1 }, rules: [rule('new', 1)] };
    await ctx.store.policies.save(replaced);
    assert.deepEqual(await ctx.store.policies.list(type), [replaced]);
    const oldRules = await ctx.store.db.selectFrom('policy_rules').select('id').where('id', 'in', original.rules.map((r) => r.id)).execute();
    assert.deepEqual(oldRules, []);

    await ctx.store.policies.save({ ...replaced, rules: [] });
    assert.deepEqual((await ctx.store.policies.list(type))[0].rules, []);
  });

  test('a save whose rules fail leaves the previous rules', async () => {
    const type = unique('MFA_ENROLL_');
    const original = policy(type, 'Default', 1, [rule('kept', 1)]);
    await ctx.store.policies.save(original);
    const clash = rule('dup', 1);
    await assert.rejects(ctx.store.policies.save({ ...original, rules: [clash, { ...clash }] }));
    assert.deepEqual(await ctx.store.policies.list(type), [original]);
  });

  test('names are unique within a type', async () => {
    const type = unique('PROFILE_ENROLLMENT_');
    const p = policy(type, 'Same', 1, []);
    await ctx.store.policies.save(p);
    await assert.rejects(ctx.store.policies.save(policy(type, 'Same', 2, [])));
    await ctx.store.policies.save(policy(`${type}_OTHER`, 'Same', 1, []));
  });

  test('deleting a policy deletes its rules', async () => {
    const type = unique('OKTA_SIGN_ON_');
    const p = policy(type, 'Gone', 1, [rule('r1', 1), rule('r2', 2)]);
    await ctx.store.policies.save(p);
    await ctx.store.policies.remove(p.id);
    const rules = await ctx.store.db.selectFrom('policy_rules').select('id').where('policy_id', '=', p.id).execute();
    assert.deepEqual(rules, []);
    assert.deepEqual(await ctx.store.policies.list(type), []);
  });
});
