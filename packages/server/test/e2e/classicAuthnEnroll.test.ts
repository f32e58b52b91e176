/**
 * MFA_ENROLL's factors through `/api/v1/authn` with @okta/okta-auth-js, in a Classic org whose MFA
 * enrollment policy names its factors (`settings.type: FACTORS`): each factor the policy names is
 * listed on its own (SMS and voice call apart, Google's and Okta Verify's codes apart), REQUIRED or
 * OPTIONAL as the policy says of it, NOT_SETUP or ACTIVE as the user has it; a factor it does not name
 * is neither listed nor enrollable (400 E0000001); skip (`_links.skip`, `transaction.skip()`) only once
 * every required factor is active and optional ones remain.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';

const PASSWORD = 'Classic-Sign-In-1';
const PEOPLE = { rob: 'rob@example.com', amy: 'amy@example.com', otto: 'otto@example.com' };
const PHONE = '+14155550701';

function classicOrg() {
  return {
    version: 1,
    org: { name: 'Classic Co', engine: 'classic' },
    groups: [{ name: 'Okta Verify' }],
    users: [
      // Rob has only his password (his address is not verified, so the email factor is not his yet).
      { login: PEOPLE.rob, profile: { email: PEOPLE.rob }, password: PASSWORD, emailVerified: false },
      { login: PEOPLE.amy, profile: { email: PEOPLE.amy }, password: PASSWORD, emailVerified: true },
      { login: PEOPLE.otto, profile: { email: PEOPLE.otto }, password: PASSWORD, emailVerified: false, groups: ['Okta Verify'] },
    ],
    policies: [
      {
        type: 'OKTA_SIGN_ON', name: 'Default Policy', priority: 1,
        rules: [{ name: 'Everyone', priority: 1, conditions: {}, actions: { signon: { access: 'ALLOW', requireFactor: false, session: { maxSessionIdleMinutes: 120 } } } }],
      },
      {
        type: 'MFA_ENROLL', name: 'Okta Verify', priority: 1, conditions: { people: { groups: { include: ['Okta Verify'] } } },
        settings: { type: 'FACTORS', factors: { okta_otp: { enroll: { self: 'REQUIRED' } }, google_otp: { enroll: { self: 'NOT_ALLOWED' } } } },
        rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { enroll: { self: 'CHALLENGE' } } }],
      },
      {
        type: 'MFA_ENROLL', name: 'Default Policy', priority: 2,
        settings: {
          type: 'FACTORS',
          factors: {
            okta_sms: { enroll: { self: 'REQUIRED' } }, okta_call: { enroll: { self: 'OPTIONAL' } },
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
  it('a required factor not set up: each factor the policy names listed with its own requirement (SMS required, voice call optional), no skip (skipping anyway is E0000079)', async () => {
    const enroll = await signIn(PEOPLE.rob);
    assert.equal(enroll.status, 'MFA_ENROLL');
    assert.deepEqual(listed(enroll), [
      'call/OKTA NOT_SETUP OPTIONAL', 'email/OKTA NOT_SETUP OPTIONAL', 'sms/OKTA NOT_SETUP REQUIRED', 'token:software:totp/GOOGLE NOT_SETUP OPTIONAL',
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
    assert.deepEqual(listed(optional), ['email/OKTA NOT_SETUP OPTIONAL', 'sms/OKTA ACTIVE REQUIRED', 'token:software:totp/GOOGLE NOT_SETUP OPTIONAL']);
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

describe('MFA_ENROLL: only the factors the policy names', () => {
  it('okta_otp is Okta Verify\'s code alone (not Google\'s, not the push), REQUIRED; enrolling it with provider OKTA goes on to MFA_ENROLL_ACTIVATE', async () => {
    const enroll = await signIn(PEOPLE.otto);
    assert.equal(enroll.status, 'MFA_ENROLL');
    assert.deepEqual(listed(enroll), ['token:software:totp/OKTA NOT_SETUP REQUIRED']);
    const activate = (await (enroll.factors as Txn[])[0].enroll()) as Txn;
    assert.equal(activate.status, 'MFA_ENROLL_ACTIVATE');
    assert.equal(activate.factor.provider, 'OKTA');
    assert.equal(activate.factor.factorType, 'token:software:totp');
  });

  it('enrolling a factor the policy does not name is 400 E0000001, as Okta answers it; the transaction goes on', async () => {
    const refusal = { errorCode: 'E0000001', errorSummary: 'Api validation failed: factorEnrollRequest', errorCauses: [{ errorSummary: 'Factor not allowed for the user based on the Multifactor policy.' }] };
    const otto = await signIn(PEOPLE.otto);
    const amy = await signIn(PEOPLE.amy);
    for (const [t, factorType, provider] of [
      [otto, 'token:software:totp', 'GOOGLE'], [otto, 'push', 'OKTA'], [otto, 'sms', 'OKTA'], [amy, 'token:software:totp', 'OKTA'], [amy, 'question', 'OKTA'], [amy, 'token:hardware', 'YUBICO'],
    ] as const) {
      const r = await post('/api/v1/authn/factors', { stateToken: t.data.stateToken, factorType, provider, profile: { phoneNumber: PHONE } });
      assert.equal(r.status, 400, `${factorType}/${provider}`);
      const { errorCode, errorSummary, errorCauses } = await r.json();
      assert.deepEqual({ errorCode, errorSummary, errorCauses }, refusal, `${factorType}/${provider}`);
    }
    const call = (amy.factors as Txn[]).find((f) => f.factorType === 'call')!;
    assert.equal(((await call.enroll({ profile: { phoneNumber: '+14155550702' } })) as Txn).status, 'MFA_ENROLL_ACTIVATE', 'the voice call the policy names is enrolled');
  });
});
