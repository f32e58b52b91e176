/**
 * MFA_ENROLL's factors through `/api/v1/authn` with @okta/okta-auth-js, in a Classic org whose MFA
 * enrollment policy names its factors (`settings.type: FACTORS`): each factor listed is REQUIRED or
 * OPTIONAL as the policy says of it, NOT_SETUP or ACTIVE as the user has it; skip (`_links.skip`,
 * `transaction.skip()`) only once every required factor is active and optional ones remain.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';

const PASSWORD = 'Classic-Sign-In-1';
const PEOPLE = { rob: 'rob@example.com', amy: 'amy@example.com' };
const PHONE = '+14155550701';

function classicOrg() {
  return {
    version: 1,
    org: { name: 'Classic Co', engine: 'classic' },
    users: [
      // Rob has only his password (his address is not verified, so the email factor is not his yet).
      { login: PEOPLE.rob, profile: { email: PEOPLE.rob }, password: PASSWORD, emailVerified: false },
      { login: PEOPLE.amy, profile: { email: PEOPLE.amy }, password: PASSWORD, emailVerified: true },
    ],
    policies: [
      {
        type: 'OKTA_SIGN_ON', name: 'Default Policy', priority: 1,
        rules: [{ name: 'Everyone', priority: 1, conditions: {}, actions: { signon: { access: 'ALLOW', requireFactor: false, session: { maxSessionIdleMinutes: 120 } } } }],
      },
      {
        type: 'MFA_ENROLL', name: 'Default Policy', priority: 1,
        settings: {
          type: 'FACTORS',
          factors: {
            okta_sms: { enroll: { self: 'REQUIRED' } }, okta_call: { enroll: { self: 'REQUIRED' } },
            okta_email: { enroll: { self: 'OPTIONAL' } }, google_otp: { enroll: { self: 'OPTIONAL' } },
          },
        },
        rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { enroll: { self: 'CHALLENGE' } } }],
      },
    ],
  };
}

let server: TestServer;
before(async () => {
  server = await startTestServer({ org: classicOrg() });
});
after(() => server.stop());

// okta-auth-js's authn transactions carry every link as a function; its types name only some.
type Txn = Record<string, any>;
const client = () => oktaAuth({ issuer: server.url, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
const signIn = async (login: string): Promise<Txn> => (await client().signInWithCredentials({ username: login, password: PASSWORD })) as unknown as Txn;
const listed = (t: Txn) => (t.factors as Txn[]).map((f) => `${f.factorType}/${f.provider} ${f.status} ${f.enrollment}`).sort();
const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });

async function codeSentTo(phone: string): Promise<string> {
  const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(phone)}&limit=1`);
  const { messages } = (await r.json()) as { messages: { text: string }[] };
  return /code is (\d{6})/.exec(messages[0].text)![1];
}

describe('MFA_ENROLL: each factor as the enrollment policy says of it', () => {
  it('a required factor not set up: required and optional ones listed as such, no skip (skipping anyway is E0000079)', async () => {
    const enroll = await signIn(PEOPLE.rob);
    assert.equal(enroll.status, 'MFA_ENROLL');
    assert.deepEqual(listed(enroll), [
      'call/OKTA NOT_SETUP REQUIRED', 'email/OKTA NOT_SETUP OPTIONAL', 'sms/OKTA NOT_SETUP REQUIRED',
      'token:software:totp/GOOGLE NOT_SETUP OPTIONAL', 'token:software:totp/OKTA NOT_SETUP OPTIONAL',
    ]);
    assert.equal(enroll.data._links.skip, undefined);
    const skipped = await post('/api/v1/authn/skip', { stateToken: enroll.data.stateToken });
    assert.equal(skipped.status, 403);
    const error = await skipped.json();
    assert.equal(error.errorCode, 'E0000079');
    assert.equal(error.errorSummary, 'This operation is not allowed in the current authentication state.');
  });

  it('once the required factor is active: it is listed ACTIVE and REQUIRED, the optional ones NOT_SETUP, and skip ends in SUCCESS', async () => {
    const enroll = await signIn(PEOPLE.rob);
    const sms = (enroll.factors as Txn[]).find((f) => f.factorType === 'sms')!;
    const activate = (await sms.enroll({ profile: { phoneNumber: PHONE } })) as Txn;
    assert.equal(activate.status, 'MFA_ENROLL_ACTIVATE');
    const optional = (await activate.activate({ passCode: await codeSentTo(PHONE) })) as Txn;
    assert.equal(optional.status, 'MFA_ENROLL');
    assert.deepEqual(listed(optional), [
      'email/OKTA NOT_SETUP OPTIONAL', 'sms/OKTA ACTIVE REQUIRED', 'token:software:totp/GOOGLE NOT_SETUP OPTIONAL', 'token:software:totp/OKTA NOT_SETUP OPTIONAL',
    ]);
    assert.equal(optional.data._links.skip.href, `${server.url}/api/v1/authn/skip`);
    const done = (await optional.skip()) as Txn;
    assert.equal(done.status, 'SUCCESS');
    assert.ok(done.sessionToken);
    // Skipped optional factors are not offered at each sign-in: the next one ends with the password.
    assert.equal((await signIn(PEOPLE.rob)).status, 'SUCCESS');
  });

  it('an optional factor the user has (the verified email) is listed ACTIVE and OPTIONAL', async () => {
    const enroll = await signIn(PEOPLE.amy);
    assert.equal(enroll.status, 'MFA_ENROLL');
    assert.ok(listed(enroll).includes('email/OKTA ACTIVE OPTIONAL'), listed(enroll).join(', '));
    assert.ok(listed(enroll).includes('sms/OKTA NOT_SETUP REQUIRED'));
    assert.equal(enroll.data._links.skip, undefined);
  });
});
