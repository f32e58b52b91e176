import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { authenticator } from 'otplib';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg, passwordAndAnotherPolicy } from '../support/testOrg.js';
import { remediationNames, submit, type Json, passwordAnswered } from '../support/idx.js';

/** Each test signs in its own person, all of whom the enrollment policy makes enroll google_otp after the password. */
const PEOPLE = { sdk: 'tina@example.com', refusals: 'ravi@example.com', stored: 'sara@example.com', guesser: 'gus@example.com' };
const TWO_FACTOR_APP = 'spa-2fa';
const STEP_MS = 30_000;

function totpOrg() {
  const base = testOrg();
  // No verified email: google_otp is the only second factor they can have.
  const person = (login: string) => ({ login, password: TEST.password, groups: ['Engineering', 'TOTP required'], emailVerified: false });
  return {
    ...base,
    groups: [...base.groups, { name: 'TOTP required' }],
    users: [...base.users, ...Object.values(PEOPLE).map(person)],
    apps: [...base.apps, { clientId: TWO_FACTOR_APP, label: TWO_FACTOR_APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] }],
    policies: [
      passwordAndAnotherPolicy([TWO_FACTOR_APP]),
      {
        type: 'MFA_ENROLL', name: 'TOTP required', priority: 1, conditions: { people: { groups: { include: ['TOTP required'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'google_otp', enroll: { self: 'REQUIRED' } }] },
      },
    ],
  };
}

const clock = new TestClock();
let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: totpOrg(), clock });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

/** The code an authenticator app shows now for the secret (the server's clock is the test's). */
const codeFor = (secret: string, at = clock.now()) => authenticator.clone({ epoch: at }).generate(secret);

/** Past the time step of every code used so far: the next codes are fresh. */
const nextStep = () => clock.advance(STEP_MS);

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/** interact → introspect → identify → password, over plain HTTP. */
const passwordDone = (login: string): Promise<Json> =>
  passwordAnswered(issuer, server.url, { clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, login, password: TEST.password });

/** The messages Okta puts on the passcode field of a form. */
function passcodeMessages(state: Json, form: string): Json[] {
  const credentials = state.remediation.value.find((r: Json) => r.name === form).value.find((f: Json) => f.name === 'credentials');
  return credentials.form.value.find((f: Json) => f.name === 'passcode').messages?.value ?? [];
}

describe('google_otp with @okta/okta-auth-js', () => {
  it('enrolls after the password from the QR code\'s shared secret (tokens: otp, mfa); the next sign-in challenges it', async () => {
    const auth = oktaAuth({ issuer, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile'], legacy: true });
    const first = await auth.idx.authenticate({ username: PEOPLE.sdk, password: TEST.password });
    assert.equal(first.status, IdxStatus.PENDING, JSON.stringify(first.messages));
    assert.equal(first.nextStep?.name, 'enroll-authenticator');
    assert.equal(first.nextStep?.authenticator?.key, 'google_otp');
    const { qrcode, sharedSecret } = first.nextStep!.authenticator!.contextualData as { qrcode: Json; sharedSecret: string };
    assert.equal(qrcode.method, 'embedded');
    assert.equal(qrcode.type, 'image/png');
    const png = Buffer.from(/^data:image\/png;base64,(.+)$/.exec(qrcode.href)![1], 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    assert.match(sharedSecret, /^[A-Z2-7]{32}$/, '160 bits in base32');

    const done = await auth.idx.proceed({ verificationCode: codeFor(sharedSecret) });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    const amr: string[] = claimsOf(done.tokens!.idToken!.idToken).amr;
    assert.deepEqual([...amr].sort(), ['mfa', 'otp', 'pwd']);

    nextStep();
    const again = oktaAuth({ issuer, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'], legacy: true });
    const challenged = await again.idx.authenticate({ username: PEOPLE.sdk, password: TEST.password });
    assert.equal(challenged.status, IdxStatus.PENDING, JSON.stringify(challenged.messages));
    assert.equal(challenged.nextStep?.name, 'challenge-authenticator');
    assert.equal(challenged.nextStep?.authenticator?.key, 'google_otp');
    assert.equal(challenged.nextStep?.authenticator?.contextualData, undefined, 'the secret is shown only while enrolling');
    const signedIn = await again.idx.proceed({ verificationCode: codeFor(sharedSecret) });
    assert.equal(signedIn.status, IdxStatus.SUCCESS, JSON.stringify(signedIn.messages));
    assert.deepEqual([...claimsOf(signedIn.tokens!.idToken!.idToken).amr].sort(), ['mfa', 'otp', 'pwd']);
  });
});

describe('google_otp refusals, over HTTP', () => {
  it('a wrong code at enrollment, then at the challenge, then a code used already: Okta\'s messages on the passcode field, never a 500', async () => {
    const enrolling = await passwordDone(PEOPLE.refusals);
    assert.deepEqual(remediationNames(enrolling), ['enroll-authenticator', 'select-authenticator-enroll']);
    const secret: string = enrolling.currentAuthenticator.value.contextualData.sharedSecret;
    const wrong = String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, '0');

    const badEnroll = await submit(enrolling, 'enroll-authenticator', { credentials: { passcode: wrong } });
    assert.equal(badEnroll.status, 401, JSON.stringify(badEnroll.json));
    assert.deepEqual(passcodeMessages(badEnroll.json, 'enroll-authenticator'), [
      { message: 'Invalid code. Try again.', i18n: { key: 'api.authn.error.PASSCODE_INVALID', params: [] }, class: 'ERROR' },
    ]);
    assert.equal(badEnroll.json.currentAuthenticator.value.contextualData.sharedSecret, secret, 'the same secret is shown again');
    const malformed = await submit(enrolling, 'enroll-authenticator', { credentials: { passcode: { no: 1 } } });
    assert.equal(malformed.status, 401, JSON.stringify(malformed.json));

    const enrolled = await submit(enrolling, 'enroll-authenticator', { credentials: { passcode: codeFor(secret) } });
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.json));
    assert.ok(enrolled.json.successWithInteractionCode, JSON.stringify(remediationNames(enrolled.json)));

    // The code that enrolled it is used: within its time step it cannot sign in.
    const challenged = await passwordDone(PEOPLE.refusals);
    assert.deepEqual(remediationNames(challenged), ['challenge-authenticator', 'select-authenticator-authenticate']);
    const replayed = await submit(challenged, 'challenge-authenticator', { credentials: { passcode: codeFor(secret) } });
    assert.equal(replayed.status, 401, JSON.stringify(replayed.json));
    assert.deepEqual(passcodeMessages(replayed.json, 'challenge-authenticator'), [
      { message: 'API error: Each code can only be used once. Please wait for a new code and try again.', i18n: { key: 'authfactor.challenge.soft_token.used_passcode' }, class: 'ERROR' },
    ]);

    nextStep();
    const badCode = await submit(challenged, 'challenge-authenticator', { credentials: { passcode: String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, '0') } });
    assert.equal(badCode.status, 401, JSON.stringify(badCode.json));
    assert.deepEqual(passcodeMessages(badCode.json, 'challenge-authenticator'), [
      { message: "API error: Your code doesn't match our records. Please try again.", i18n: { key: 'authfactor.challenge.soft_token.invalid_passcode' }, class: 'ERROR' },
    ]);
    // A code of the step before (an app a little behind) is still good, once; two steps back is not.
    nextStep();
    const tooOld = await submit(challenged, 'challenge-authenticator', { credentials: { passcode: codeFor(secret, clock.now() - 2 * STEP_MS - 1) } });
    assert.equal(tooOld.status, 401, JSON.stringify(tooOld.json));
    const good = await submit(challenged, 'challenge-authenticator', { credentials: { passcode: codeFor(secret, clock.now() - STEP_MS) } });
    assert.equal(good.status, 200, JSON.stringify(good.json));
    assert.ok(good.json.successWithInteractionCode);
  });

  it('a user may try 10 codes in 5 minutes, across sign-ins: then 429 tooManyRequests, even for the right code, until the window passes', async () => {
    const enrolling = await passwordDone(PEOPLE.guesser);
    const secret: string = enrolling.currentAuthenticator.value.contextualData.sharedSecret;
    const wrong = () => String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 10; i++) {
      const state = i < 5 ? enrolling : await passwordDone(PEOPLE.guesser);
      assert.equal((await submit(state, 'enroll-authenticator', { credentials: { passcode: wrong() } })).status, 401);
    }
    const limited = await submit(enrolling, 'enroll-authenticator', { credentials: { passcode: codeFor(secret) } });
    assert.equal(limited.status, 429, JSON.stringify(limited.json));
    assert.deepEqual(limited.json.messages.value.map((m: Json) => m.i18n.key), ['tooManyRequests']);
    clock.advance(5 * 60_000);
    const enrolled = await submit(enrolling, 'enroll-authenticator', { credentials: { passcode: codeFor(secret) } });
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.json));
  });

  it('the shared secret is stored sealed, never in clear', async () => {
    const enrolling = await passwordDone(PEOPLE.stored);
    const secret: string = enrolling.currentAuthenticator.value.contextualData.sharedSecret;
    const enrolled = await submit(enrolling, 'enroll-authenticator', { credentials: { passcode: codeFor(secret) } });
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.json));
    const user = (await server.lk.store.users.findByLogin(PEOPLE.stored))!;
    const rows = await server.lk.store.db.selectFrom('authenticator_enrollments').selectAll().where('user_id', '=', user.id).execute();
    assert.equal(rows.length, 1);
    assert.match(rows[0].id, /^pae/);
    assert.equal(rows[0].authenticator_key, 'google_otp');
    assert.ok(rows[0].secret?.startsWith('v1.'), 'sealed');
    assert.ok(!JSON.stringify(rows[0]).includes(secret), 'the secret is not in the row');
    const transactions = await server.lk.store.db.selectFrom('idx_transactions').select('state').execute();
    assert.ok(!transactions.some((t) => t.state.includes(secret)), 'nor in any sign-in transaction');
  });
});
