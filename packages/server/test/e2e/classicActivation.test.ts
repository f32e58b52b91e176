/**
 * Activation in a Classic org through the Authentication API with @okta/okta-auth-js: primary
 * authentication with an activation token (`signInWithCredentials({ token })`, which posts
 * `{ token }` to /api/v1/authn) answers PASSWORD_RESET (recoveryType ACCOUNT_ACTIVATION); the first
 * password (`resetPassword`) ends in SUCCESS with a sessionToken, or in MFA_ENROLL when the policy
 * requires a factor. For a user who has a password the token is the primary authentication: SUCCESS,
 * or MFA_ENROLL, at once (Okta's Authentication API reference). A token works once; used, expired and unknown tokens are answered alike (E0000004).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { oktaAuth } from '../support/oktaAuth.js';
import { authnError } from '../support/authn.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { ACTIVATION_TOKEN_TTL_MS, issueActivationToken } from '../../src/org/activation.js';

const AUTHENTICATION_FAILED = JSON.parse(readFileSync(new URL('../../../../../shared/reference/okta-api-v1-authn/error-authentication-failed.json', import.meta.url), 'utf8'));
const NEW_PASSWORD = 'Brand-New-Horse-7';
const PHONE = '+14155550811';
const APP = 'classic-web';
const REDIRECT_URI = 'http://127.0.0.1:1/callback';
const PEOPLE = {
  staged: 'stella@example.com', invited: 'ivy@example.com', careful: 'cara@example.com', reused: 'rudy@example.com', late: 'lena@example.com', refused: 'rene@example.com',
  withPassword: 'paul@example.com', carefulWithPassword: 'pia@example.com',
};
const PASSWORD = 'Set-By-Admin-42';

function classicOrg() {
  const awaiting = (login: string, status: string, groups: string[] = [], password?: string) => ({ login, status, profile: { firstName: 'New', email: login }, groups, ...(password && { password }) });
  return {
    version: 1,
    org: { name: 'Classic Co', engine: 'classic' },
    groups: [{ name: 'Careful' }, { name: 'Refused' }],
    apps: [{ clientId: APP, label: 'Classic Web', type: 'browser', redirectUris: [REDIRECT_URI], grantTypes: ['authorization_code'] }],
    users: [
      awaiting(PEOPLE.staged, 'STAGED'), awaiting(PEOPLE.invited, 'PROVISIONED'), awaiting(PEOPLE.careful, 'PROVISIONED', ['Careful']),
      awaiting(PEOPLE.reused, 'PROVISIONED'), awaiting(PEOPLE.late, 'PROVISIONED'), awaiting(PEOPLE.refused, 'PROVISIONED', ['Refused']),
      awaiting(PEOPLE.withPassword, 'STAGED', [], PASSWORD), awaiting(PEOPLE.carefulWithPassword, 'STAGED', ['Careful'], PASSWORD),
    ],
    policies: [
      {
        type: 'OKTA_SIGN_ON', name: 'Default Policy', priority: 1,
        rules: [
          { name: 'Refused', priority: 1, conditions: { people: { groups: { include: ['Refused'] } } }, actions: { signon: { access: 'DENY' } } },
          { name: 'Everyone', priority: 2, conditions: {}, actions: { signon: { access: 'ALLOW', requireFactor: false, session: { maxSessionIdleMinutes: 120 } } } },
        ],
      },
      {
        type: 'MFA_ENROLL', name: 'Careful', priority: 1, conditions: { people: { groups: { include: ['Careful'] } } },
        settings: { type: 'FACTORS', factors: { okta_sms: { enroll: { self: 'REQUIRED' } } } },
        rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { enroll: { self: 'CHALLENGE' } } }],
      },
    ],
  };
}

const clock = new TestClock();
let server: TestServer;
before(async () => {
  server = await startTestServer({ org: classicOrg(), clock });
});
after(() => server.stop());

// okta-auth-js's authn transactions carry every link as a function; its types name only some.
type Txn = Record<string, any>;
const client = () => oktaAuth({ issuer: server.url, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
const activate = async (token: string): Promise<Txn> => (await client().signInWithCredentials({ token } as never)) as unknown as Txn;
const tokenFor = async (login: string) => (await issueActivationToken(server.lk.store, login, clock.now()))!;
const statusOf = async (login: string) => (await server.lk.store.users.findByLogin(login))?.status;

/** The session a sessionToken is traded for in a browser is alive. */
async function sessionWorks(sessionToken: string): Promise<boolean> {
  const r = await fetch(`${server.url}/login/sessionCookieRedirect?token=${sessionToken}&redirectUrl=${encodeURIComponent(`${server.url}/`)}`, { redirect: 'manual' });
  const cookie = /idx=[^;]*/.exec(r.headers.getSetCookie().join('\n'))?.[0];
  return cookie !== undefined && (await fetch(`${server.url}/api/v1/sessions/me`, { headers: { cookie } })).status === 200;
}

/** The E0000004 a token that cannot be used gets, as okta-auth-js reports it, without its per-request errorId. */
async function refusal(token: string): Promise<Record<string, unknown>> {
  const error = await authnError(client().signInWithCredentials({ token } as never));
  assert.equal(error.xhr?.status, 401);
  const { errorId, ...rest } = JSON.parse(error.xhr!.responseText) as Record<string, unknown>;
  assert.equal(typeof errorId, 'string');
  return rest;
}
const { errorId: _recordedId, ...EXPECTED_REFUSAL } = AUTHENTICATION_FAILED;

describe('primary authentication with an activation token (Classic)', () => {
  it('PASSWORD_RESET (ACCOUNT_ACTIVATION) with the password policy, then the new password: SUCCESS, a sessionToken that works, the user ACTIVE', async () => {
    const reset = await activate(await tokenFor(PEOPLE.staged));
    assert.equal(reset.status, 'PASSWORD_RESET');
    assert.equal(reset.data.recoveryType, 'ACCOUNT_ACTIVATION');
    // The keys, in the order, of Okta's reference answer (Authentication API, "activation token (success - user without password)").
    assert.deepEqual(Object.keys(reset.data).filter((k) => k !== 'headers'), ['stateToken', 'expiresAt', 'status', 'recoveryType', '_embedded', '_links']);
    assert.deepEqual(Object.keys(reset.data._embedded), ['user', 'policy']);
    assert.deepEqual(Object.keys(reset.data._links), ['next', 'cancel']);
    assert.equal(reset.user.profile.login, PEOPLE.staged);
    assert.ok(reset.data._embedded.policy.complexity, 'the rules the password must meet');
    assert.deepEqual(reset.data._links.next, { name: 'resetPassword', href: `${server.url}/api/v1/authn/credentials/reset_password`, hints: { allow: ['POST'] } });
    const weak = await authnError(reset.resetPassword({ newPassword: 'short' }));
    assert.equal(weak.errorCode, 'E0000080');
    assert.equal(await statusOf(PEOPLE.staged), 'STAGED');
    const done = (await reset.resetPassword({ newPassword: NEW_PASSWORD })) as Txn;
    assert.equal(done.status, 'SUCCESS');
    assert.ok(await sessionWorks(done.sessionToken));
    assert.equal(await statusOf(PEOPLE.staged), 'ACTIVE');
    const again = await client().signInWithCredentials({ username: PEOPLE.staged, password: NEW_PASSWORD });
    assert.equal(again.status, 'SUCCESS', 'signs in with the password from now on');
  });

  it('the transaction resumes at PASSWORD_RESET by its stateToken (a reload), and keeps the relayState', async () => {
    const first = await client().signIn({ token: await tokenFor(PEOPLE.invited), relayState: '/welcome-home' } as never) as unknown as Txn;
    assert.equal(first.data.relayState, '/welcome-home');
    const resumed = (await client().tx.resume({ stateToken: first.data.stateToken } as never)) as unknown as Txn;
    assert.equal(resumed.status, 'PASSWORD_RESET');
    assert.equal(resumed.data.recoveryType, 'ACCOUNT_ACTIVATION');
    const done = (await resumed.resetPassword({ newPassword: NEW_PASSWORD })) as Txn;
    assert.equal(done.status, 'SUCCESS');
    assert.equal(done.data.relayState, '/welcome-home');
  });

  it('a factor the MFA enrollment policy requires comes after the password (MFA_ENROLL); the user is ACTIVE once it is enrolled', async () => {
    const reset = await activate(await tokenFor(PEOPLE.careful));
    const enroll = (await reset.resetPassword({ newPassword: NEW_PASSWORD })) as Txn;
    assert.equal(enroll.status, 'MFA_ENROLL');
    assert.equal(await statusOf(PEOPLE.careful), 'PROVISIONED', 'not active before the policy is met');
    const again = await fetch(`${server.url}/api/v1/authn/credentials/reset_password`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ stateToken: enroll.data.stateToken, newPassword: 'Another-Horse-8' }),
    });
    assert.equal(again.status, 403, 'the first password is set once');
    assert.equal(((await again.json()) as { errorCode: string }).errorCode, 'E0000079');
    const sms = (enroll.factors as Txn[]).find((f) => f.factorType === 'sms')!;
    assert.equal(sms.enrollment, 'REQUIRED');
    const activating = (await sms.enroll({ profile: { phoneNumber: PHONE } })) as Txn;
    assert.equal(activating.status, 'MFA_ENROLL_ACTIVATE');
    const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(PHONE)}&limit=1`);
    const code = /code is (\d{6})/.exec(((await r.json()) as { messages: { text: string }[] }).messages[0].text)![1];
    const done = (await activating.activate({ passCode: code })) as Txn;
    assert.equal(done.status, 'SUCCESS');
    assert.ok(await sessionWorks(done.sessionToken));
    assert.equal(await statusOf(PEOPLE.careful), 'ACTIVE');
  });

  it('a user who has a password: the token is the primary authentication (Okta: SUCCESS at once, no PASSWORD_RESET); a sessionToken that works, the user ACTIVE', async () => {
    const done = await activate(await tokenFor(PEOPLE.withPassword));
    assert.equal(done.status, 'SUCCESS');
    assert.equal(done.data.recoveryType, undefined);
    assert.ok(await sessionWorks(done.sessionToken));
    assert.equal(await statusOf(PEOPLE.withPassword), 'ACTIVE');
    assert.equal((await client().signInWithCredentials({ username: PEOPLE.withPassword, password: PASSWORD })).status, 'SUCCESS', 'the password stays theirs');
  });

  it('a user who has a password, whom the MFA enrollment policy requires a factor of: MFA_ENROLL at once, the factor REQUIRED', async () => {
    const enroll = await activate(await tokenFor(PEOPLE.carefulWithPassword));
    assert.equal(enroll.status, 'MFA_ENROLL');
    assert.equal(enroll.data.recoveryType, undefined);
    assert.equal((enroll.factors as Txn[]).find((f) => f.factorType === 'sms')?.enrollment, 'REQUIRED');
    assert.equal(await statusOf(PEOPLE.carefulWithPassword), 'STAGED', 'not active before the policy is met');
  });

  it('a used, an expired and an unknown token are refused alike: 401 E0000004, as a wrong password', async () => {
    const used = await tokenFor(PEOPLE.reused);
    assert.equal((await activate(used)).status, 'PASSWORD_RESET');
    const expired = await tokenFor(PEOPLE.late);
    clock.advance(ACTIVATION_TOKEN_TTL_MS + 60_000);
    assert.deepEqual(await refusal(used), EXPECTED_REFUSAL, 'used');
    assert.deepEqual(await refusal(expired), EXPECTED_REFUSAL, 'expired');
    assert.deepEqual(await refusal('no-such-activation-token'), EXPECTED_REFUSAL, 'unknown');
    assert.deepEqual(await refusal(await tokenFor(PEOPLE.refused)), EXPECTED_REFUSAL, 'a user the sign-on policy refuses');
    assert.equal(await statusOf(PEOPLE.late), 'PROVISIONED');
  });
});

describe('prompt=enroll_authenticator at /authorize (Classic)', () => {
  it('is a prompt the Classic Engine does not know: the error goes back to the app (invalid_request), no page is shown', async () => {
    const query = new URLSearchParams({
      client_id: APP, redirect_uri: REDIRECT_URI, response_type: 'none', prompt: 'enroll_authenticator', enroll_amr_values: 'otp', max_age: '0', state: 'st-1',
    });
    const r = await fetch(`${server.url}/oauth2/v1/authorize?${query}`, { redirect: 'manual' });
    assert.ok([302, 303].includes(r.status), String(r.status));
    const back = new URL(r.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT_URI);
    assert.deepEqual(Object.fromEntries(back.searchParams), { error: 'invalid_request', error_description: "The 'prompt' parameter is invalid.", state: 'st-1', iss: server.url });
  });
});

describe('activation tokens tried from one address (last: it uses up the address\'s allowance)', () => {
  it('are rate limited as authn is: past 20 in 5 minutes, 429 E0000047 with the X-Rate-Limit headers, even for a good token', async () => {
    const good = await tokenFor(PEOPLE.late);
    const attempt = (token: string) => fetch(`${server.url}/api/v1/authn`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ token }) });
    let refused: Response | undefined;
    for (let i = 0; i < 25 && !refused; i++) {
      const r = await attempt(`guessed-token-${i}`);
      assert.ok(r.headers.get('x-rate-limit-limit'), 'counted');
      if (r.status === 429) refused = r;
      else assert.equal(r.status, 401);
    }
    assert.ok(refused, 'stopped');
    assert.equal(((await refused.json()) as { errorCode: string }).errorCode, 'E0000047');
    assert.equal((await attempt(good)).status, 429);
    assert.equal(await statusOf(PEOPLE.late), 'PROVISIONED');
  });
});
