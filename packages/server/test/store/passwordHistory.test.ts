import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine, unique } from '../support/contract.js';
import type { User } from '../../src/store/repositories/users.js';
import { KEPT_PASSWORDS } from '../../src/store/repositories/passwordHistory.js';
import { hashPassword } from '../../src/platform/passwordHashing.js';
import { DEFAULT_PASSWORD_SETTINGS, type PasswordSettings } from '../../src/policy/passwordPolicy.js';
import { newPasswordRefusal, replacePassword } from '../../src/authenticators/password/newPassword.js';
import { resetPassword } from '../../src/org/resetPassword.js';
import { noSecurityEvents } from '../../src/platform/securityEvents.js';

/** Password history and minimum age, against the real store on each engine (no surface sets a changed password yet: recovery and expiry will). */

const NOW = Date.now();
const HOUR = 3_600_000;
const policy = (age: Partial<PasswordSettings['age']>): PasswordSettings => ({ ...DEFAULT_PASSWORD_SETTINGS, age: { ...DEFAULT_PASSWORD_SETTINGS.age, ...age } });

await forEachEngine('password history', (ctx) => {
  async function userWith(password: string, changedAt: number): Promise<User> {
    const id = unique('00u');
    const login = `${id}@example.com`;
    await ctx.store.users.insert({
      id, login, status: 'ACTIVE', profile: { login, email: login }, passwordHash: await hashPassword(password), passwordChangedAt: changedAt,
      createdAt: changedAt, updatedAt: changedAt, lastLoginAt: null, failedLogins: 0, lockedUntil: null, emailVerifiedAt: null,
    } as never);
    return (await ctx.store.users.findById(id))!;
  }
  const reload = async (u: User) => (await ctx.store.users.findById(u.id))!;
  /** Sets each password in turn, an hour apart, as a password change would. */
  async function changeThrough(user: User, passwords: string[], from: number): Promise<User> {
    for (const [i, p] of passwords.entries()) await replacePassword(ctx.store, await reload(user), await hashPassword(p), from + i * HOUR);
    return reload(user);
  }
  const keyOf = async (user: User, password: string, settings: PasswordSettings, now = NOW) => (await newPasswordRefusal(ctx.store, settings, user, password, now))?.key;

  test('historyCount 3: the current password and the two before are refused with Okta\'s message; the fourth back may come again', async () => {
    let user = await userWith('Amber-Falcon-1', NOW - 10 * HOUR);
    user = await changeThrough(user, ['Amber-Falcon-2', 'Amber-Falcon-3', 'Amber-Falcon-4'], NOW - 5 * HOUR);
    const three = policy({ historyCount: 3 });
    for (const reused of ['Amber-Falcon-4', 'Amber-Falcon-3', 'Amber-Falcon-2']) assert.equal(await keyOf(user, reused, three), 'password.passwordRequirementsNotMet', reused);
    assert.equal(await keyOf(user, 'Amber-Falcon-1', three), undefined);
    assert.equal(await keyOf(user, 'Amber-Falcon-2', policy({ historyCount: 2 })), undefined, 'two: only the current and the one before');
    assert.equal(await keyOf(user, 'Amber-Falcon-4', DEFAULT_PASSWORD_SETTINGS), undefined, 'no history by default');
    const message = await newPasswordRefusal(ctx.store, three, user, 'Amber-Falcon-3', NOW);
    assert.match(message!.text, /^Password requirements were not met\. Password requirements: at least 8 characters, .*\. Your password cannot be any of your last 3 password\(s\)\.$/);
  });

  test('the complexity rules and the common-password check answer first, with their own messages', async () => {
    const user = await userWith('Amber-Falcon-1', NOW - 10 * HOUR);
    const strict = { ...policy({ historyCount: 5 }), complexity: { ...DEFAULT_PASSWORD_SETTINGS.complexity, dictionary: { common: { exclude: true } } } };
    assert.equal(await keyOf(user, 'Password1', strict), 'password.common');
    assert.equal(await keyOf(user, 'short', strict), 'password.passwordRequirementsNotMet');
  });

  test('minAgeMinutes: a password changed less than that ago may not change again; later it may; a first password always may', async () => {
    const user = await userWith('Amber-Falcon-1', NOW - 30 * 60_000);
    const twoHours = policy({ minAgeMinutes: 120 });
    const refused = await newPasswordRefusal(ctx.store, twoHours, user, 'Brand-New-Otter-9', NOW);
    assert.equal(refused?.key, 'password.passwordRequirementsNotMet');
    assert.match(refused!.text, /At least 120 minute\(s\) must have elapsed since you last changed your password\.$/);
    assert.equal(await keyOf(user, 'Brand-New-Otter-9', twoHours, NOW + 91 * 60_000), undefined);
    assert.equal(await keyOf({ ...user, passwordHash: null }, 'Brand-New-Otter-9', twoHours), undefined);
  });

  test(`at most ${KEPT_PASSWORDS} previous hashes are kept per user, the newest`, async () => {
    const user = await userWith('seed', NOW - 100 * HOUR);
    for (let i = 0; i < KEPT_PASSWORDS + 3; i++) await ctx.store.passwordHistory.remember(user.id, `hash-${i}`, NOW - 50 * HOUR + i * 1000);
    const kept = await ctx.store.passwordHistory.previous(user.id, 100);
    assert.equal(kept.length, KEPT_PASSWORDS);
    assert.equal(kept[0], `hash-${KEPT_PASSWORDS + 2}`);
    assert.equal(kept.at(-1), 'hash-3');
    assert.deepEqual(await ctx.store.passwordHistory.previous(user.id, 0), []);
  });

  test('an administrator\'s reset keeps the replaced password in the history', async () => {
    const user = await userWith('Amber-Falcon-1', NOW - 10 * HOUR);
    assert.ok(await resetPassword(ctx.store, noSecurityEvents, user.login, NOW));
    assert.equal(await keyOf(await reload(user), 'Amber-Falcon-1', policy({ historyCount: 2 })), 'password.passwordRequirementsNotMet');
  });
});
