import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { AuthApiError } from '@okta/okta-auth-js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { authnError } from '../support/authn.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { authenticator } from 'otplib';

/** People of this file: each test signs in its own, so lockouts and sessions do not mix. */
const PEOPLE = { mfa: 'mia@example.com', locked: 'lou@example.com', expiry: 'eve@example.com', totp: 'tom@example.com' };
/** Tom's authenticator app, enrolled through the org file (as an IDX enrollment would be). */
const TOTP_SECRET = authenticator.generateSecret(20);
const DASHBOARD = 'latchkey.dashboard';

function classicOrg() {
  const base = testOrg();
  return {
    ...base,
    groups: [...base.groups, { name: 'Two factors' }],
    users: [
      ...base.users,
      { login: PEOPLE.mfa, profile: { firstName: 'Mia', lastName: 'Ng', email: PEOPLE.mfa }, password: TEST.password, groups: ['Engineering', 'Two factors'], emailVerified: true },
      { login: PEOPLE.locked, password: TEST.password, groups: ['Engineering'] },
      { login: PEOPLE.expiry, password: TEST.password, groups: ['Engineering'] },
      {
        login: PEOPLE.totp, password: TEST.password, groups: ['Engineering', 'Two factors'], emailVerified: false,
        authenticatorEnrollments: [{ key: 'google_otp', secret: TOTP_SECRET }],
      },
    ],
    policies: [
      // Classic authn signs in to the org's dashboard: its authentication policy asks a second factor of one group.
      {
        type: 'ACCESS_POLICY', name: 'Dashboard', priority: 1, conditions: { apps: { include: [DASHBOARD] } },
        rules: [
          { name: 'Two factors', priority: 1, conditions: { people: { groups: { include: ['Two factors'] } } }, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] } }] } } } },
          { name: 'Password', priority: 2, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] } }] } } } },
        ],
      },
      { type: 'PASSWORD', name: 'Lockout', priority: 1, conditions: {}, settings: { password: { lockout: { maxAttempts: 3, autoUnlockMinutes: 60 } } } },
    ],
  };
}

const clock = new TestClock();
let server: TestServer;
before(async () => {
  server = await startTestServer({ org: classicOrg(), clock });
});
after(() => server.stop());

/** An app's okta-auth-js client on the org (Classic apps sign in with the org URL as their issuer). */
const client = (cookies?: CookieJar) => oktaAuth({ issuer: server.url, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], cookies });

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, body: JSON.stringify(body) });

describe('primary authentication (okta-auth-js signInWithCredentials)', () => {
  it('a right password: SUCCESS with a one-time sessionToken and the user', async () => {
    const transaction = await client().signInWithCredentials({ username: TEST.user, password: TEST.password });
    assert.equal(transaction.status, 'SUCCESS');
    assert.match(transaction.sessionToken!, /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(transaction.user!.profile.login, TEST.user);
    assert.equal(transaction.user!.profile.firstName, 'Ada');
  });

  it('a wrong password and an unknown user get the same E0000004, and nothing more', async () => {
    const wrong = await authnError(client().signInWithCredentials({ username: TEST.user, password: 'wrong-password' }));
    const unknown = await authnError(client().signInWithCredentials({ username: 'nobody@example.com', password: 'wrong-password' }));
    for (const e of [wrong, unknown]) {
      assert.equal(e.xhr!.status, 401);
      assert.equal(e.errorCode, 'E0000004');
      assert.equal(e.errorSummary, 'Authentication failed');
    }
    const body = (e: AuthApiError) => ({ ...(e.xhr!.responseJSON as Record<string, unknown>), errorId: undefined });
    assert.deepEqual(body(wrong), body(unknown));
  });

  it('a missing password is a validation error, not a 500', async () => {
    const r = await post('/api/v1/authn', { username: TEST.user });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).errorCode, 'E0000001');
    const garbage = await fetch(`${server.url}/api/v1/authn`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":' });
    assert.equal(garbage.status, 400);
  });

  it('too many wrong passwords: LOCKED_OUT, even with the right one after', async () => {
    for (let i = 0; i < 2; i++) await authnError(client().signInWithCredentials({ username: PEOPLE.locked, password: 'wrong-password' }));
    const locked = await client().signInWithCredentials({ username: PEOPLE.locked, password: 'wrong-password' });
    assert.equal(locked.status, 'LOCKED_OUT');
    const still = await client().signInWithCredentials({ username: PEOPLE.locked, password: TEST.password });
    assert.equal(still.status, 'LOCKED_OUT');
  });
});

describe('MFA through authn (the policy asks a second factor)', () => {
  it('MFA_REQUIRED lists the email factor; verify sends the code (MFA_CHALLENGE), the code ends in SUCCESS', async () => {
    const required = await client().signInWithCredentials({ username: PEOPLE.mfa, password: TEST.password });
    assert.equal(required.status, 'MFA_REQUIRED');
    const email = required.factors!.find((f) => f.factorType === 'email')!;
    assert.equal(email.provider, 'OKTA');
    assert.match(String(email.profile!.email), /^m\*+a@/);
    assert.ok(!String(email.profile!.email).includes('mia@'), 'the address is masked');
    const challenged = await email.verify!({});
    assert.equal(challenged.status, 'MFA_CHALLENGE');
    assert.equal(challenged.factorResult, 'CHALLENGE');
    const wrong = await authnError(challenged.verify!({ passCode: '000000' }));
    assert.equal(wrong.errorCode, 'E0000068');
    const code = codeIn(await latestEmailText(server.url, PEOPLE.mfa));
    const done = await challenged.verify!({ passCode: code });
    assert.equal(done.status, 'SUCCESS');
    assert.ok(done.sessionToken);
  });

  it('a TOTP enrolled for IDX is the Classic factor token:software:totp (GOOGLE): a wrong code is E0000068, the right one SUCCESS', async () => {
    const required = await client().signInWithCredentials({ username: PEOPLE.totp, password: TEST.password });
    assert.equal(required.status, 'MFA_REQUIRED');
    assert.deepEqual(required.factors!.map((f) => [f.factorType, f.provider]), [['token:software:totp', 'GOOGLE']]);
    const totp = required.factors![0];
    const wrong = await authnError(totp.verify!({ passCode: '000000' }));
    assert.equal(wrong.errorCode, 'E0000068');
    const verified = await totp.verify!({ passCode: authenticator.clone({ epoch: clock.now() }).generate(TOTP_SECRET) });
    // The first sign-in offers the optional email (Okta's default enrollment policy): skipped, as Classic apps do.
    assert.equal(verified.status, 'MFA_ENROLL');
    // The email to enroll, and the TOTP the user has (ACTIVE), as Okta lists them.
    assert.deepEqual(verified.factors!.map((f: { factorType?: string; status?: string }) => [f.factorType, f.status]), [['email', 'NOT_SETUP'], ['token:software:totp', 'ACTIVE']]);
    const done = await verified.skip!();
    assert.equal(done.status, 'SUCCESS');
    assert.ok(done.sessionToken);
    const again = await post('/api/v1/authn/skip', { stateToken: (required as unknown as { data: { stateToken: string } }).data.stateToken });
    assert.equal((await again.json()).errorCode, 'E0000011', 'a finished transaction cannot skip');
  });

  it('skip is refused where nothing may be skipped (E0000079); cancel ends the transaction: its stateToken answers E0000011', async () => {
    const required = await client().signInWithCredentials({ username: PEOPLE.mfa, password: TEST.password });
    const skip = await post('/api/v1/authn/skip', { stateToken: (required as unknown as { data: { stateToken: string } }).data.stateToken });
    assert.equal(skip.status, 403, 'nothing optional to skip in MFA_REQUIRED');
    assert.equal((await skip.json()).errorCode, 'E0000079');
    await required.cancel!();
    const after = await post('/api/v1/authn', { stateToken: (required as unknown as { data: { stateToken: string } }).data.stateToken });
    assert.equal(after.status, 401);
    assert.equal((await after.json()).errorCode, 'E0000011');
    const forged = await post('/api/v1/authn', { stateToken: 'not-a-state-token' });
    assert.equal((await forged.json()).errorCode, 'E0000011');
  });
});

/** Trades a sessionToken at /login/sessionCookieRedirect (what session.setCookieAndRedirect navigates to). */
const trade = (token: string, redirectUrl = `${TEST.redirectUri}?done`, cookie = '') =>
  fetch(`${server.url}/login/sessionCookieRedirect?token=${encodeURIComponent(token)}&redirectUrl=${encodeURIComponent(redirectUrl)}`, { redirect: 'manual', headers: { cookie } });
const sessionCookieOf = (r: Response) => /idx=([^;]*)/.exec(r.headers.getSetCookie().join('\n'))?.[1];
const signedIn = async (login = TEST.user) => (await client().signInWithCredentials({ username: login, password: TEST.password })).sessionToken!;

describe('the sessionToken becomes a session once (5 minutes, single use)', () => {
  it('sessionCookieRedirect sets the session cookie and redirects to a trusted origin; a second use is refused', async () => {
    const token = await signedIn();
    const first = await trade(token);
    assert.equal(first.status, 302);
    assert.equal(first.headers.get('location'), `${TEST.redirectUri}?done`);
    assert.ok(sessionCookieOf(first));
    const again = await trade(token);
    assert.equal(again.status, 401);
    assert.equal(sessionCookieOf(again), undefined);
  });

  it('an untrusted redirect URL is refused before the token is spent', async () => {
    const token = await signedIn();
    const evil = await trade(token, 'https://evil.example/steal');
    assert.equal(evil.status, 400);
    assert.equal((await trade(token)).status, 302);
  });

  it('a token older than five minutes is refused', async () => {
    const token = await signedIn(PEOPLE.expiry);
    clock.advance(5 * 60_000 + 1);
    assert.equal((await trade(token)).status, 401);
  });

  it('/authorize?sessionToken= signs the browser in and sends the code back without a sign-in page', async () => {
    const token = await signedIn();
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      client_id: TEST.spa.clientId, response_type: 'code', scope: 'openid', redirect_uri: TEST.redirectUri, state: 'st',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', sessionToken: token,
    });
    const authorize = await fetch(`${server.url}/oauth2/default/v1/authorize?${query}`, { redirect: 'manual' });
    assert.equal(authorize.status, 302);
    const cookie = sessionCookieOf(authorize);
    assert.ok(cookie);
    const finish = await fetch(new URL(authorize.headers.get('location')!, server.url), { redirect: 'manual', headers: { cookie: `idx=${cookie}` } });
    const back = new URL(finish.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, TEST.redirectUri);
    assert.ok(back.searchParams.get('code'));
    assert.equal(back.searchParams.get('state'), 'st');
  });
});

describe('the session API (/api/v1/sessions/me) with the session cookie', () => {
  it('get, refresh and close, as okta-auth-js session.get / exists / refresh / closeSession do', async () => {
    const jar = new CookieJar();
    const cookie = sessionCookieOf(await trade(await signedIn()))!;
    jar.remember([`idx=${cookie}`]);
    const app = client(jar);
    assert.equal(await app.session.exists(), true);
    const session = (await app.session.get()) as unknown as Record<string, any>;
    assert.equal(session.status, 'ACTIVE');
    assert.equal(session.login, TEST.user);
    assert.deepEqual(session.amr, ['pwd']);
    assert.match(session.id, /^102/);
    assert.ok(!String(session.id).includes(cookie), 'the id is not the cookie');
    clock.advance(60_000);
    const refreshed = (await app.session.refresh()) as Record<string, any>;
    assert.ok(Date.parse(refreshed.expiresAt) > Date.parse(session.expiresAt));
    await app.closeSession();
    assert.equal(await app.session.exists(), false);
    const gone = await fetch(`${server.url}/api/v1/sessions/me`, { headers: { cookie: `idx=${cookie}` } });
    assert.equal(gone.status, 404);
    assert.equal((await gone.json()).errorCode, 'E0000007');
  });

  it('without a cookie: 404 E0000007 on get, refresh and delete', async () => {
    for (const method of ['GET', 'DELETE']) {
      const r = await fetch(`${server.url}/api/v1/sessions/me`, { method });
      assert.equal(r.status, 404);
    }
    assert.equal((await post('/api/v1/sessions/me/lifecycle/refresh', {})).status, 404);
  });
});
