import assert from 'node:assert/strict';
import { passwordAndAnotherPolicy, TEST, testOrg } from './testOrg.js';
import { interact, introspect, messageKeys, submit } from './idx.js';
import { startTestServer, type TestClock, type TestServer } from './server.js';
import { enrollPhone } from './phoneOrg.js';

/** The people and apps of the account tests (unlock, expiry, activation). */
export const ACCOUNT = {
  locked: 'lena@example.com',
  notLocked: 'nora@example.com',
  noUnlock: 'ned@example.com',
  unknown: 'nobody@example.com',
  twoFactorSpa: 'spa-two-factors',
  wrongPassword: 'Wrong-Password-1',
  maxAttempts: 3,
};

const unlockWith = (methods: string[]) => ({
  selfServiceUnlock: { access: 'ALLOW' },
  selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods } } },
});

/**
 * testOrg() plus people who lock after 3 wrong passwords. Everyone may unlock (and recover) with
 * `unlockMethods` (the email), except the NoUnlock group, whose password policy denies it; the SPA
 * asks the password only, another SPA the password and another factor. `extraPasswordSettings` go
 * into every password policy (expiry).
 */
export function accountOrg(extraPasswordSettings: Record<string, unknown> = {}, unlockMethods = ['email']) {
  const base = testOrg();
  const lockout = { maxAttempts: ACCOUNT.maxAttempts, autoUnlockMinutes: 60 };
  return {
    ...base,
    groups: [...base.groups, { name: 'NoUnlock' }],
    users: [
      ...base.users,
      ...[ACCOUNT.locked, ACCOUNT.notLocked].map((login) => ({ login, profile: { firstName: 'Pat' }, password: TEST.password, groups: ['Engineering'] })),
      { login: ACCOUNT.noUnlock, profile: { firstName: 'Ned' }, password: TEST.password, groups: ['Engineering', 'NoUnlock'] },
    ],
    apps: [...base.apps, { clientId: ACCOUNT.twoFactorSpa, label: 'Two factors', type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['interaction_code'] }],
    policies: [
      passwordAndAnotherPolicy([ACCOUNT.twoFactorSpa]),
      {
        type: 'PASSWORD', name: 'No unlock', priority: 1, conditions: { people: { groups: { include: ['NoUnlock'] } } },
        settings: { password: { lockout, ...extraPasswordSettings } },
        rules: [{ name: 'Deny unlock', priority: 1, conditions: {}, actions: { selfServiceUnlock: { access: 'DENY' } } }],
      },
      {
        type: 'PASSWORD', name: 'Everyone', priority: 2, conditions: {},
        settings: { password: { lockout, ...extraPasswordSettings } },
        rules: [{ name: 'Unlock', priority: 1, conditions: {}, actions: unlockWith(unlockMethods) }],
      },
    ],
  };
}

/** Locks `login` out with wrong passwords over plain HTTP (as okta-auth-js sends them); then even the right one is refused. */
export async function lockOut(serverUrl: string, login: string): Promise<void> {
  const issuer = `${serverUrl}/oauth2/default`;
  const passwordAnswer = async (password: string) => {
    const started = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri });
    const identify = (await introspect(serverUrl, { interactionHandle: started.json.interaction_handle })).json;
    const challenge = (await submit(identify, 'identify', { identifier: login })).json;
    return (await submit(challenge, 'challenge-authenticator', { credentials: { passcode: password } })).json;
  };
  for (let i = 0; i < ACCOUNT.maxAttempts; i++) await passwordAnswer(ACCOUNT.wrongPassword);
  assert.deepEqual(messageKeys(await passwordAnswer(TEST.password)), ['authfactor.challenge.suspended_factor'], 'locked out: even the right password is refused');
}

/**
 * A server of accountOrg() whose people unlock with `unlockMethods`, with `phone.login` (in
 * Engineering) holding the enrolled phone `phone.number`; `clock` moves past the phone's cool-down.
 */
export async function startPhoneAccountServer(unlockMethods: string[], phone: { login: string; number: string }, clock: TestClock): Promise<TestServer> {
  const org = accountOrg({}, unlockMethods);
  const person = { login: phone.login, profile: { firstName: 'Pat' }, password: TEST.password, groups: ['Engineering'] };
  const server = await startTestServer({ org: { ...org, users: [...org.users, person] }, clock });
  await enrollPhone(server.lk.store, phone.login, phone.number);
  return server;
}
