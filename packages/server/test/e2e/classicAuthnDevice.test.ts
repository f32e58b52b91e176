/**
 * Remembered devices and relayState through `/api/v1/authn`, with @okta/okta-auth-js, in a Classic
 * org whose Okta sign-on policy prompts for MFA per device (factorPromptMode DEVICE, factorLifetime):
 * MFA_REQUIRED carries `_embedded.policy`; a factor verified with `rememberDevice=true` remembers the
 * device the authn named (`context.deviceToken`), whose next sign-in within the lifetime ends with the
 * password (`rememberDeviceByDefault` only checks the box: the verify must still ask); another device, a later one, or an ALWAYS rule asks again. relayState is kept for the
 * transaction and given back with every answer, recovery included.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { authenticator } from 'otplib';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { enrollPhone } from '../support/phoneOrg.js';
import { codeIn, emailedRecoveryToken } from '../support/outbox.js';

const PASSWORD = 'Classic-Sign-In-1';
const NEW_PASSWORD = 'Another-Horse-Staple-9';
const PEOPLE = { dana: 'dana@example.com', dora: 'dora@example.com', al: 'al@example.com', rita: 'rita@example.com', bea: 'bea@example.com' };
const RITA_PHONE = '+14155550801';
const LIFETIME_MINUTES = 15;
const TOTP_SECRET = authenticator.generateSecret(20);
const RECORDED = JSON.parse(readFileSync(new URL('../../../../../shared/reference/okta-api-v1-authn/mfa-required-email.json', import.meta.url), 'utf8'));

function classicOrg() {
  const totp = [{ key: 'google_otp', secret: TOTP_SECRET }];
  const signon = (extra: Record<string, unknown>) => ({ signon: { access: 'ALLOW', session: { maxSessionIdleMinutes: 120 }, ...extra } });
  return {
    version: 1,
    org: { name: 'Classic Co', engine: 'classic' },
    groups: [{ name: 'Per device' }, { name: 'Always' }, { name: 'By default' }],
    users: [
      { login: PEOPLE.dana, password: PASSWORD, groups: ['Per device'], authenticatorEnrollments: totp },
      { login: PEOPLE.dora, password: PASSWORD, groups: ['Per device'], authenticatorEnrollments: totp },
      { login: PEOPLE.al, password: PASSWORD, groups: ['Always'], authenticatorEnrollments: totp },
      { login: PEOPLE.bea, password: PASSWORD, groups: ['By default'], authenticatorEnrollments: totp },
      { login: PEOPLE.rita, profile: { email: PEOPLE.rita }, password: PASSWORD },
    ],
    policies: [
      {
        type: 'OKTA_SIGN_ON', name: 'Default Policy', priority: 1,
        rules: [
          { name: 'Per device', priority: 1, conditions: { people: { groups: { include: ['Per device'] } } }, actions: signon({ requireFactor: true, factorPromptMode: 'DEVICE', factorLifetime: LIFETIME_MINUTES, rememberDeviceByDefault: false }) },
          { name: 'Always', priority: 2, conditions: { people: { groups: { include: ['Always'] } } }, actions: signon({ requireFactor: true, factorPromptMode: 'ALWAYS' }) },
          { name: 'By default', priority: 3, conditions: { people: { groups: { include: ['By default'] } } }, actions: signon({ requireFactor: true, factorPromptMode: 'DEVICE', factorLifetime: LIFETIME_MINUTES, rememberDeviceByDefault: true }) },
          { name: 'Everyone', priority: 4, conditions: {}, actions: signon({ requireFactor: false }) },
        ],
      },
      {
        type: 'MFA_ENROLL', name: 'Default Policy', priority: 1,
        settings: { type: 'FACTORS', factors: { google_otp: { enroll: { self: 'OPTIONAL' } } } },
        rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { enroll: { self: 'CHALLENGE' } } }],
      },
      {
        type: 'PASSWORD', name: 'Default Policy', priority: 1,
        settings: { recovery: { factors: { okta_email: { status: 'ACTIVE' }, okta_sms: { status: 'ACTIVE' } } } },
        rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW' }, selfServiceUnlock: { access: 'DENY' } } }],
      },
    ],
  };
}

const clock = new TestClock();
let server: TestServer;
before(async () => {
  server = await startTestServer({ org: classicOrg(), clock });
  await enrollPhone(server.lk.store, PEOPLE.rita, RITA_PHONE);
});
after(() => server.stop());

// okta-auth-js's authn transactions carry every link as a function; its types name only some.
type Txn = Record<string, any>;
const client = () => oktaAuth({ issuer: server.url, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
/** Primary authentication as an app does it, naming the device (okta-auth-js passes `context` through). */
const signIn = async (login: string, deviceToken?: string, extra: Record<string, unknown> = {}): Promise<Txn> =>
  (await client().signInWithCredentials({ username: login, password: PASSWORD, ...(deviceToken && { context: { deviceToken } }), ...extra } as never)) as unknown as Txn;
/** A TOTP code no earlier sign-in used (each code works once). */
function totpCode(): string {
  clock.advance(30_000);
  return authenticator.clone({ epoch: clock.now() }).generate(TOTP_SECRET);
}
const totpOf = (t: Txn) => (t.factors as Txn[]).find((f) => f.factorType === 'token:software:totp')!;
/** POSTs JSON to a path of the org, or to a full URL (a link's href). */
const post = (path: string, body: unknown) =>
  fetch(path.startsWith('http') ? path : `${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
const device = (name: string) => `${name}-${'x'.repeat(20)}`.slice(0, 32);

describe('rememberDevice: factorPromptMode DEVICE', () => {
  it('MFA_REQUIRED carries _embedded.policy as Okta shapes it: remembering allowed, for the factor lifetime, not by default', async () => {
    const required = await signIn(PEOPLE.dana, device('policy'));
    assert.equal(required.status, 'MFA_REQUIRED');
    const { policy } = required.data._embedded;
    assert.deepEqual(Object.keys(policy), Object.keys(RECORDED._embedded.policy));
    assert.deepEqual(policy, { allowRememberDevice: true, rememberDeviceLifetimeInMinutes: LIFETIME_MINUTES, rememberDeviceByDefault: false, factorsPolicyInfo: {} });
  });

  it('verified with rememberDevice: the same deviceToken then signs in with the password alone; another device, or none, is asked', async () => {
    const phone = device('dana-phone');
    const first = await signIn(PEOPLE.dana, phone);
    const done = (await totpOf(first).verify({ passCode: totpCode(), rememberDevice: true })) as Txn;
    assert.equal(done.status, 'SUCCESS');

    const again = await signIn(PEOPLE.dana, phone);
    assert.equal(again.status, 'SUCCESS', 'the remembered device is not asked the second factor');
    assert.ok(again.sessionToken);
    assert.equal((await signIn(PEOPLE.dana, device('dana-laptop'))).status, 'MFA_REQUIRED', 'another device is asked');
    assert.equal((await signIn(PEOPLE.dana)).status, 'MFA_REQUIRED', 'no device named: asked');
    assert.equal((await signIn(PEOPLE.dora, phone)).status, 'MFA_REQUIRED', 'the device is remembered for Dana only');
  });

  it('after factorLifetime minutes the remembered device is asked again', async () => {
    const phone = device('lifetime');
    const first = await signIn(PEOPLE.dora, phone);
    assert.equal(((await totpOf(first).verify({ passCode: totpCode(), rememberDevice: true })) as Txn).status, 'SUCCESS');
    clock.advance((LIFETIME_MINUTES - 2) * 60_000);
    assert.equal((await signIn(PEOPLE.dora, phone)).status, 'SUCCESS', 'within the lifetime');
    clock.advance(3 * 60_000);
    assert.equal((await signIn(PEOPLE.dora, phone)).status, 'MFA_REQUIRED', 'after it');
  });

  it('verified without rememberDevice (or with false), the device is not remembered', async () => {
    for (const rememberDevice of [undefined, false]) {
      const phone = device(`not-${rememberDevice}`);
      const first = await signIn(PEOPLE.dana, phone);
      assert.equal(((await totpOf(first).verify({ passCode: totpCode(), ...(rememberDevice !== undefined && { rememberDevice }) })) as Txn).status, 'SUCCESS');
      assert.equal((await signIn(PEOPLE.dana, phone)).status, 'MFA_REQUIRED');
    }
  });

  it('rememberDeviceByDefault only checks the box (_embedded.policy): a verify without rememberDevice=true remembers nothing; with it, the device', async () => {
    const phone = device('bea-phone');
    const first = await signIn(PEOPLE.bea, phone);
    assert.equal(first.status, 'MFA_REQUIRED');
    assert.deepEqual(first.data._embedded.policy, { allowRememberDevice: true, rememberDeviceLifetimeInMinutes: LIFETIME_MINUTES, rememberDeviceByDefault: true, factorsPolicyInfo: {} });
    for (const rememberDevice of [undefined, false]) {
      const required = await signIn(PEOPLE.bea, phone);
      assert.equal(required.status, 'MFA_REQUIRED', `still asked after a verify with rememberDevice ${rememberDevice}`);
      assert.equal(((await totpOf(required).verify({ passCode: totpCode(), ...(rememberDevice !== undefined && { rememberDevice }) })) as Txn).status, 'SUCCESS');
    }
    const required = await signIn(PEOPLE.bea, phone);
    assert.equal(required.status, 'MFA_REQUIRED', 'no verify asked to remember the device');
    assert.equal(((await totpOf(required).verify({ passCode: totpCode(), rememberDevice: true })) as Txn).status, 'SUCCESS');
    assert.equal((await signIn(PEOPLE.bea, phone)).status, 'SUCCESS', 'remembered once the verify asked for it');
  });

  it('factorPromptMode ALWAYS: no remembering is offered, and asking for it changes nothing', async () => {
    const phone = device('always');
    const first = await signIn(PEOPLE.al, phone);
    assert.equal(first.data._embedded.policy.allowRememberDevice, false);
    assert.equal(first.data._embedded.policy.rememberDeviceLifetimeInMinutes, 0);
    assert.equal(((await totpOf(first).verify({ passCode: totpCode(), rememberDevice: true })) as Txn).status, 'SUCCESS');
    assert.equal((await signIn(PEOPLE.al, phone)).status, 'MFA_REQUIRED');
  });
});

describe('rememberDevice and factors: errors', () => {
  it('rememberDevice that is neither true nor false is E0000001; the transaction goes on', async () => {
    const required = await signIn(PEOPLE.dana, device('junk'));
    const href = (required.data._embedded.factors as Txn[]).find((f) => f.factorType === 'token:software:totp')!._links.verify.href as string;
    const junk = await post(`${href}?rememberDevice=maybe`, { stateToken: required.data.stateToken, passCode: totpCode() });
    assert.equal(junk.status, 400);
    const error = await junk.json();
    assert.equal(error.errorCode, 'E0000001');
    assert.deepEqual(error.errorCauses, [{ errorSummary: 'rememberDevice: The value must be true or false' }]);
    const ok = await post(href, { stateToken: required.data.stateToken, passCode: totpCode() });
    assert.equal((await ok.json()).status, 'SUCCESS');
  });

  it('verifying a factor the transaction does not list is 404 E0000007', async () => {
    const required = await signIn(PEOPLE.dana, device('unknown-factor'));
    const r = await post('/api/v1/authn/factors/ufsNotAFactor/verify?rememberDevice=true', { stateToken: required.data.stateToken, passCode: '123456' });
    assert.equal(r.status, 404);
    assert.equal((await r.json()).errorCode, 'E0000007');
  });

  it('a context that is not an object, or a deviceToken that is not a short printable string, is E0000001 (never a 500)', async () => {
    for (const context of ['phone', [1], { deviceToken: 42 }, { deviceToken: 'x'.repeat(257) }, { deviceToken: 'tab\there' }]) {
      const r = await post('/api/v1/authn', { username: PEOPLE.dana, password: PASSWORD, context });
      assert.equal(r.status, 400, JSON.stringify(context));
      assert.equal((await r.json()).errorCode, 'E0000001');
    }
  });
});

describe('relayState', () => {
  const RELAY = '/app/deep/link?tab=billing&x=1';

  it('is given back with every answer of the transaction: MFA_REQUIRED, its resumption, SUCCESS', async () => {
    const required = await signIn(PEOPLE.dana, device('relay'), { relayState: RELAY });
    assert.equal(required.status, 'MFA_REQUIRED');
    assert.equal(required.data.relayState, RELAY);
    const resumed = await post('/api/v1/authn', { stateToken: required.data.stateToken });
    assert.equal((await resumed.json()).relayState, RELAY);
    const done = (await totpOf(required).verify({ passCode: totpCode() })) as Txn;
    assert.equal(done.status, 'SUCCESS');
    assert.equal(done.data.relayState, RELAY);
    // Only the transaction that was given one carries it.
    assert.equal((await signIn(PEOPLE.rita)).data.relayState, undefined);
  });

  it('a password recovery by SMS keeps it: RECOVERY_CHALLENGE, PASSWORD_RESET, and the sign-in after it', async () => {
    const challenge = (await client().forgotPassword({ username: PEOPLE.rita, factorType: 'SMS', relayState: RELAY } as never)) as unknown as Txn;
    assert.equal(challenge.status, 'RECOVERY_CHALLENGE');
    assert.equal(challenge.data.relayState, RELAY);
    const outbox = await (await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(RITA_PHONE)}&limit=1`)).json();
    const reset = (await challenge.verify({ passCode: codeIn(outbox.messages[0].text) })) as Txn;
    assert.equal(reset.status, 'PASSWORD_RESET');
    assert.equal(reset.data.relayState, RELAY);
    // Then the sign-in goes on: Rita's first offers the optional factor, which she skips.
    const enroll = (await reset.resetPassword({ newPassword: NEW_PASSWORD })) as Txn;
    assert.equal(enroll.status, 'MFA_ENROLL');
    assert.equal(enroll.data.relayState, RELAY);
    const done = (await enroll.skip()) as Txn;
    assert.equal(done.status, 'SUCCESS');
    assert.equal(done.data.relayState, RELAY);
  });

  it('a recovery by email keeps it too: RECOVERY_CHALLENGE, then the transaction the emailed link\'s token begins', async () => {
    const challenge = (await client().forgotPassword({ username: PEOPLE.rita, factorType: 'EMAIL', relayState: RELAY } as never)) as unknown as Txn;
    assert.deepEqual({ ...challenge.data, headers: undefined }, { status: 'RECOVERY_CHALLENGE', factorResult: 'WAITING', factorType: 'EMAIL', recoveryType: 'PASSWORD', relayState: RELAY, headers: undefined });
    const reset = (await client().verifyRecoveryToken({ recoveryToken: await emailedRecoveryToken(server.url, PEOPLE.rita) })) as unknown as Txn;
    assert.equal(reset.status, 'PASSWORD_RESET');
    assert.equal(reset.data.relayState, RELAY);
    // A link sent without one begins a transaction without one.
    await client().forgotPassword({ username: PEOPLE.rita, factorType: 'EMAIL' });
    const plain = (await client().verifyRecoveryToken({ recoveryToken: await emailedRecoveryToken(server.url, PEOPLE.rita) })) as unknown as Txn;
    assert.equal(plain.status, 'PASSWORD_RESET');
    assert.equal(plain.data.relayState, undefined);
  });

  it('anything but a string of at most 2048 printable characters is E0000001', async () => {
    for (const relayState of [42, { to: '/' }, 'x'.repeat(2049), 'line\nbreak']) {
      for (const [path, body] of [['/api/v1/authn', { username: PEOPLE.dana, password: PASSWORD }], ['/api/v1/authn/recovery/password', { username: PEOPLE.rita, factorType: 'SMS' }]] as const) {
        const r = await post(path, { ...body, relayState });
        assert.equal(r.status, 400, `${path} ${JSON.stringify(relayState)}`);
        const error = await r.json();
        assert.equal(error.errorCode, 'E0000001');
        assert.equal(error.errorSummary, 'Api validation failed: relayState');
      }
    }
    const longest = await post('/api/v1/authn', { username: PEOPLE.rita, password: NEW_PASSWORD, relayState: 'y'.repeat(2048) });
    assert.equal((await longest.json()).relayState, 'y'.repeat(2048));
  });
});
