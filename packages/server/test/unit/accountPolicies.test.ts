import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Policy } from '../../src/store/repositories/policies.js';
import { NO_EXPIRY, passwordAgeFor, passwordStanding, type PasswordFacts, type PasswordStanding } from '../../src/policy/passwordExpiry.js';
import { afterUnlock, unlockOffer, unlockRuleFor, type UnlockRule } from '../../src/policy/selfServiceUnlock.js';
import { DEFAULT_REQUIREMENT, type Requirement } from '../../src/policy/authenticationPolicy.js';
import { unlockAuthenticators, unlockMethodOf } from '../../src/engine/journeys/unlockMethods.js';
import { phoneAuthenticator } from '../../src/authenticators/phone/phoneAuthenticator.js';
import { withMethods } from '../../src/authenticators/withMethods.js';
import { emailAuthenticator } from '../../src/authenticators/email/emailAuthenticator.js';

const DAY = 24 * 3600_000;
const NOW = Date.UTC(2026, 0, 31);

/** A PASSWORD policy: its settings and rules (actions, conditions) as Okta's Policy API writes them. */
const passwordPolicy = (priority: number, settings: unknown, rules: Array<{ actions: unknown; people?: unknown; status?: 'ACTIVE' | 'INACTIVE' }>, people?: unknown): Policy => ({
  id: `pol${priority}`, type: 'PASSWORD', name: `p${priority}`, description: null, priority, status: 'ACTIVE',
  conditions: people ? { people } : {}, settings: settings as Record<string, unknown>,
  rules: rules.map((r, i) => ({
    id: `rul${priority}-${i}`, name: `r${i}`, priority: i + 1, status: r.status ?? 'ACTIVE',
    conditions: r.people ? { people: r.people } : {}, actions: r.actions as Record<string, unknown>,
  })),
});

describe('password expiry (settings.password.age)', () => {
  const age = { maxAgeDays: 90, expireWarnDays: 7 };
  const cases: Array<[string, Omit<PasswordFacts, 'now'>, PasswordStanding]> = [
    ['no maximum age: never expires', { age: NO_EXPIRY, changedAt: NOW - 1000 * DAY, expiredByAdmin: false }, { state: 'current' }],
    ['changed at an unknown time: does not expire by age', { age, changedAt: null, expiredByAdmin: false }, { state: 'current' }],
    ['young password', { age, changedAt: NOW - 10 * DAY, expiredByAdmin: false }, { state: 'current' }],
    ['a day before the warning window', { age, changedAt: NOW - 82 * DAY, expiredByAdmin: false }, { state: 'current' }],
    ['first day of the window: 7 days left', { age, changedAt: NOW - 83 * DAY, expiredByAdmin: false }, { state: 'expiring', daysToExpiry: 7 }],
    ['part of a day left counts as a day', { age, changedAt: NOW - 90 * DAY + 3600_000, expiredByAdmin: false }, { state: 'expiring', daysToExpiry: 1 }],
    ['exactly the maximum age: expired', { age, changedAt: NOW - 90 * DAY, expiredByAdmin: false }, { state: 'expired' }],
    ['older than the maximum age', { age, changedAt: NOW - 400 * DAY, expiredByAdmin: false }, { state: 'expired' }],
    ['no warning days: current until it expires', { age: { maxAgeDays: 90, expireWarnDays: 0 }, changedAt: NOW - 89 * DAY, expiredByAdmin: false }, { state: 'current' }],
    ['expired by an administrator, whatever its age', { age: NO_EXPIRY, changedAt: NOW, expiredByAdmin: true }, { state: 'expired' }],
  ];
  for (const [name, facts, expected] of cases) it(name, () => assert.deepEqual(passwordStanding({ ...facts, now: NOW }), expected));

  it("reads the person's policy; missing, zero, negative or non-numbers mean no expiry", () => {
    const policies = [
      passwordPolicy(1, { password: { age: { maxAgeDays: 30, expireWarnDays: 5, historyCount: 4 } } }, [], { groups: { include: ['Contractors'] } }),
      passwordPolicy(2, { password: { age: { maxAgeDays: -3, expireWarnDays: 'x' } } }, []),
    ];
    assert.deepEqual(passwordAgeFor(policies, { id: 'u1', groups: ['Contractors'] }), { maxAgeDays: 30, expireWarnDays: 5 });
    assert.deepEqual(passwordAgeFor(policies, { id: 'u2', groups: [] }), NO_EXPIRY);
    assert.deepEqual(passwordAgeFor([], undefined), NO_EXPIRY);
  });
});

describe('self-service unlock (password policy rules)', () => {
  const allow = (methods?: string[]) => ({
    selfServiceUnlock: { access: 'ALLOW' },
    ...(methods && { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods } } } }),
  });
  const policies = [
    passwordPolicy(1, {}, [{ actions: { selfServiceUnlock: { access: 'DENY' } } }], { groups: { include: ['Admins'] } }),
    passwordPolicy(2, {}, [
      { people: { groups: { include: ['Phones'] } }, actions: allow(['sms', 'voice', 'push']) },
      { people: { groups: { include: ['Old'] } }, actions: allow(['email']), status: 'INACTIVE' },
      { actions: allow() },
    ]),
  ];
  const cases: Array<[string, string[], UnlockRule]> = [
    ["the first matching rule's methods (unknown methods dropped)", ['Phones'], { allowed: true, methods: ['sms', 'voice'] }],
    ['a policy of their group that denies', ['Admins', 'Phones'], { allowed: false, methods: [] }],
    ['no methods named: email', [], { allowed: true, methods: ['email'] }],
    ['inactive rules do not count', ['Old'], { allowed: true, methods: ['email'] }],
  ];
  for (const [name, groups, expected] of cases) it(name, () => assert.deepEqual(unlockRuleFor(policies, { id: 'u', groups }), expected));

  it('without a password policy or a rule allowing it, nobody unlocks and no link is offered', () => {
    assert.deepEqual(unlockRuleFor([], undefined), { allowed: false, methods: [] });
    assert.deepEqual(unlockOffer([policies[0]]), { allowed: false, methods: [] });
    assert.deepEqual(unlockRuleFor([passwordPolicy(1, {}, [{ actions: allow([]) }])], undefined), { allowed: false, methods: [] });
  });

  it('the offer before identification: every method some active rule allows, in a fixed order', () => {
    assert.deepEqual(unlockOffer(policies), { allowed: true, methods: ['email', 'sms', 'voice'] });
  });

  it('after unlock: go on signing in when the unlock factor counts toward the app policy, else done', () => {
    const req = (r: Partial<Extract<Requirement, { access: 'ALLOW' }>>) => ({ ...(DEFAULT_REQUIREMENT as Extract<Requirement, { access: 'ALLOW' }>), ...r });
    assert.equal(afterUnlock(req({}), 'okta_email'), 'done', 'password only: sign in with the password as usual');
    assert.equal(afterUnlock(req({ factorMode: '2FA' }), 'okta_email'), 'continue');
    assert.equal(afterUnlock(req({ requirePassword: false }), 'okta_email'), 'continue');
    assert.equal(afterUnlock(req({ factorMode: '2FA', excludedKeys: ['okta_email'] }), 'okta_email'), 'done');
    assert.equal(afterUnlock(req({ factorMode: '2FA', allowedKeys: ['okta_password', 'phone_number'] }), 'okta_email'), 'done');
  });
});

describe('what the unlock form offers, by the methods the password policies unlock with', () => {
  const unlocking = (methods: string[]) => passwordPolicy(1, {}, [{ actions: { selfServiceUnlock: { access: 'ALLOW' }, selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods } } } } }]);
  /** Each authenticator offered, with the methods it lists and the method choice its option offers. */
  const offered = (methods: string[]) => unlockAuthenticators([unlocking(methods)]).map((a) => ({
    key: a.key, methods: a.methods ?? [a.methodType], choice: a.choiceFields?.(false).find((f) => f.name === 'methodType')?.options?.map((o) => ('value' in o ? o.value : undefined)),
  }));
  const cases: Array<[string, string[], ReturnType<typeof offered>]> = [
    ['the email alone', ['email'], [{ key: 'okta_email', methods: ['email'], choice: undefined }]],
    ['the phone by SMS only', ['sms'], [{ key: 'phone_number', methods: ['sms'], choice: ['sms'] }]],
    ['the email, and the phone by voice only (Okta\'s recorded user-unlock-account.json)', ['email', 'voice'], [
      { key: 'okta_email', methods: ['email'], choice: undefined }, { key: 'phone_number', methods: ['voice'], choice: ['voice'] },
    ]],
    ['the phone by both', ['sms', 'voice'], [{ key: 'phone_number', methods: ['sms', 'voice'], choice: ['sms', 'voice'] }]],
    ['methods no authenticator unlocks with (push) offer nothing', ['push'], []],
  ];
  for (const [name, methods, expected] of cases) it(name, () => assert.deepEqual(offered(methods), expected));

  it('a verification unlocks by the method it was proved with', () => {
    assert.equal(unlockMethodOf('phone_number', 'voice'), 'voice');
    assert.equal(unlockMethodOf('phone_number', 'sms'), 'sms');
    assert.equal(unlockMethodOf('okta_email', 'email'), 'email');
    assert.equal(unlockMethodOf('okta_password', 'password'), undefined);
  });

  it('withMethods: a narrowed phone calls by voice by default; nothing allowed, or one method only, leaves it as it is', () => {
    assert.equal(withMethods(phoneAuthenticator, ['voice']).methodType, 'voice');
    assert.equal(withMethods(phoneAuthenticator, ['email']), phoneAuthenticator);
    assert.equal(withMethods(emailAuthenticator, ['sms']), emailAuthenticator);
    assert.deepEqual(withMethods(phoneAuthenticator, ['sms']).choiceFields!(true).map((f) => f.name), ['methodType', 'phoneNumber'], 'enrolling still asks the number');
  });
});
