import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { authenticator } from 'otplib';
import { oktaAuth } from '../support/oktaAuth.js';
import { authnError } from '../support/authn.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg, passwordAndAnotherPolicy } from '../support/testOrg.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { passwordAnswered, submit, type Json } from '../support/idx.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceClient } from '../../src/cli/verify/deviceClient.js';
import { PUSH_LIFETIME_MS } from '../../src/authenticators/verify/pushChallenge.js';
import { createApiToken } from '../../src/org/apiTokens.js';

/**
 * Classic /api/v1/authn with @okta/okta-auth-js's authn transaction API, as an app calls it:
 * enrolling and activating factors (MFA_ENROLL → MFA_ENROLL_ACTIVATE), verifying them (MFA_REQUIRED →
 * MFA_CHALLENGE), previous, resend, PASSWORD_WARN / PASSWORD_EXPIRED with changePassword, and
 * POST /api/v1/sessions; enrollments made through authn work in IDX and the other way round.
 */

const DASHBOARD = 'latchkey.dashboard';
const TWO_FACTOR_APP = 'spa-2fa';
const DAY = 24 * 3600_000;
const NEW_PASSWORD = 'Brand-New-Horse-7';
const PHONES = { sms: '+14155550301', smsVerify: '+14155550302', idx: '+14155550303', call: '+14155550304' };
const PEOPLE = {
  totpEnroll: 'tina@example.com', totpAgain: 'theo@example.com', smsEnroll: 'sid@example.com', callEnroll: 'cal@example.com', emailEnroll: 'emma@example.com',
  totpVerify: 'ted@example.com', smsVerify: 'sue@example.com', emailVerify: 'eli@example.com',
  authnToIdx: 'ivy@example.com', idxToAuthn: 'ian@example.com', oktaTotp: 'otis@example.com',
  push: 'paul@example.com', garbage: 'gary@example.com', question: 'quinn@example.com', expired: 'olga@example.com', expiredMfa: 'otto@example.com', expiring: 'sam@example.com', adminExpired: 'adam@example.com', session: 'sean@example.com',
};
const TOTP_SECRET = authenticator.generateSecret(20);

const enrollPolicy = (group: string, key: string) => ({
  type: 'MFA_ENROLL', name: `Enroll ${key}`, priority: 1, conditions: { people: { groups: { include: [group] } } },
  settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key, enroll: { self: 'REQUIRED' } }] },
});

function factorsOrg() {
  const base = testOrg();
  const person = (login: string, groups: string[], extra: Record<string, unknown> = {}) =>
    ({ login, profile: { firstName: 'Pat', email: login }, password: TEST.password, groups: ['Engineering', ...groups], emailVerified: false, ...extra });
  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  return {
    ...base,
    groups: [...base.groups, ...['Two factors', 'Enroll TOTP', 'Enroll phone', 'Enroll email', 'Enroll push', 'Enroll question'].map((name) => ({ name }))],
    apps: [...base.apps, { clientId: TWO_FACTOR_APP, label: TWO_FACTOR_APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] }],
    users: [
      ...base.users,
      person(PEOPLE.totpEnroll, ['Two factors', 'Enroll TOTP']),
      person(PEOPLE.totpAgain, ['Two factors', 'Enroll TOTP']),
      person(PEOPLE.garbage, ['Two factors', 'Enroll TOTP']),
      person(PEOPLE.authnToIdx, ['Two factors', 'Enroll TOTP']),
      person(PEOPLE.oktaTotp, ['Two factors', 'Enroll TOTP']),
      person(PEOPLE.smsEnroll, ['Two factors', 'Enroll phone']),
      person(PEOPLE.callEnroll, ['Two factors', 'Enroll phone']),
      person(PEOPLE.idxToAuthn, ['Two factors', 'Enroll phone']),
      person(PEOPLE.emailEnroll, ['Two factors', 'Enroll email']),
      person(PEOPLE.push, ['Two factors', 'Enroll push']),
      person(PEOPLE.question, ['Enroll question']),
      person(PEOPLE.totpVerify, ['Two factors'], { authenticatorEnrollments: [{ key: 'google_otp', secret: TOTP_SECRET }] }),
      person(PEOPLE.smsVerify, ['Two factors'], { emailVerified: true, authenticatorEnrollments: [{ key: 'phone_number', profile: { phoneNumber: PHONES.smsVerify } }] }),
      person(PEOPLE.emailVerify, ['Two factors'], { emailVerified: true }),
      person(PEOPLE.expired, [], { emailVerified: true, passwordChanged: ago(40) }),
      person(PEOPLE.expiring, [], { emailVerified: true, passwordChanged: ago(27) }),
      person(PEOPLE.expiredMfa, ['Two factors'], { emailVerified: true, passwordChanged: ago(40) }),
      person(PEOPLE.adminExpired, [], { emailVerified: true, status: 'PASSWORD_EXPIRED' }),
      person(PEOPLE.session, [], { emailVerified: true }),
    ],
    policies: [
      {
        type: 'ACCESS_POLICY', name: 'Dashboard', priority: 1, conditions: { apps: { include: [DASHBOARD] } },
        rules: [
          { name: 'Two factors', priority: 1, conditions: { people: { groups: { include: ['Two factors'] } } }, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] } }] } } } },
          { name: 'Password', priority: 2, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] } }] } } } },
        ],
      },
      { ...passwordAndAnotherPolicy([TWO_FACTOR_APP]), priority: 2 },
      enrollPolicy('Enroll TOTP', 'google_otp'),
      { ...enrollPolicy('Enroll phone', 'phone_number'), priority: 2 },
      { ...enrollPolicy('Enroll email', 'okta_email'), priority: 3 },
      { ...enrollPolicy('Enroll push', 'okta_verify'), priority: 4 },
      { ...enrollPolicy('Enroll question', 'security_question'), priority: 5 },
      { type: 'PASSWORD', name: 'Expiry', priority: 1, conditions: {}, settings: { password: { age: { maxAgeDays: 30, expireWarnDays: 5 } } } },
    ],
  };
}

const clock = new TestClock();
let server: TestServer;
const deviceDir = mkdtempSync(join(tmpdir(), 'latchkey-classic-push-'));
before(async () => {
  server = await startTestServer({ org: factorsOrg(), clock });
});
after(async () => {
  await server.stop();
  rmSync(deviceDir, { recursive: true, force: true });
});

// okta-auth-js's authn transactions carry every link as a function; its types name only some.
type Txn = Record<string, any>;
const client = () => oktaAuth({ issuer: server.url, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
const signIn = async (login: string, password = TEST.password): Promise<Txn> => (await client().signInWithCredentials({ username: login, password })) as unknown as Txn;
const stateTokenOf = (t: Txn): string => t.data.stateToken;
const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, body: JSON.stringify(body) });

/** A TOTP code of the server's clock; each test moves past the step its codes were used in (a code works once). */
const totpCode = (secret: string) => authenticator.clone({ epoch: clock.now() }).generate(secret);
const nextTotpStep = () => clock.advance(30_000);
async function codeSentTo(phone: string): Promise<string> {
  const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(phone)}&limit=1`);
  const { messages } = (await r.json()) as { messages: { text: string }[] };
  assert.ok(messages.length > 0, `nothing sent to ${phone}`);
  return /code is (\d{6})/.exec(messages[0].text)![1];
}


const factorNamed = (t: Txn, factorType: string) => (t.factors as Txn[]).find((f) => f.factorType === factorType)!;

// First, while the server's clock is still the real one: the device signs its JWTs with the real time.
describe('push (Latchkey Verify) through authn: the device answers, the app polls', () => {
  it('enrolls by QR code (MFA_ENROLL_ACTIVATE, factorResult WAITING, polled), then a denied push is REJECTED and an approved one SUCCESS', async () => {
    const enroll = await signIn(PEOPLE.push);
    const activate = (await factorNamed(enroll, 'push').enroll({})) as Txn;
    assert.equal(activate.status, 'MFA_ENROLL_ACTIVATE');
    assert.equal(activate.factorResult, 'WAITING');
    assert.match(activate.factor.activation.qrcode.href, /^data:image\/png;base64,/);
    const device = await DeviceClient.enroll(activate.factor.activation.enrollmentUri, 'Paul\'s phone', join(deviceDir, 'device.json'));
    const enrolled = (await activate.poll(0)) as Txn;
    assert.equal(enrolled.status, 'SUCCESS');

    const required = await signIn(PEOPLE.push);
    const challenge = (await factorNamed(required, 'push').verify({})) as Txn;
    assert.equal(challenge.status, 'MFA_CHALLENGE');
    assert.equal(challenge.factorResult, 'WAITING');
    const [denied] = await device.pending();
    await device.answer(denied.id, 'deny');
    const rejected = (await challenge.poll(0)) as Txn;
    assert.equal(rejected.status, 'MFA_CHALLENGE');
    assert.equal(rejected.factorResult, 'REJECTED');
    const again = (await rejected.resend('push')) as Txn;
    const shown = again.factor.challenge.correctAnswer;
    const [push] = await device.pending();
    assert.equal(await device.answer(push.id, 'approve', shown), 'APPROVED');
    const done = (await again.poll(0)) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });
});

describe('enrolling a factor through authn (MFA_ENROLL → MFA_ENROLL_ACTIVATE → SUCCESS)', () => {
  it('TOTP: the shared secret and QR code, a wrong code E0000068, the right one SUCCESS', async () => {
    const enroll = await signIn(PEOPLE.totpEnroll);
    assert.equal(enroll.status, 'MFA_ENROLL');
    const totp = factorNamed(enroll, 'token:software:totp');
    assert.equal(totp.provider, 'GOOGLE');
    assert.equal(totp.status, 'NOT_SETUP');
    assert.equal(totp.enrollment, 'REQUIRED');
    assert.equal(enroll.skip, undefined, 'a required factor cannot be skipped');
    const activate = (await totp.enroll({})) as Txn;
    assert.equal(activate.status, 'MFA_ENROLL_ACTIVATE');
    const activation = activate.factor.activation;
    assert.equal(activation.encoding, 'base32');
    assert.equal(activation.timeStep, 30);
    assert.match(activation.qrcode.href, /^data:image\/png;base64,/);
    const wrong = await authnError(activate.activate({ passCode: '000000' }));
    assert.equal(wrong.errorCode, 'E0000068');
    const done = (await activate.activate({ passCode: totpCode(activation.sharedSecret) })) as Txn;
    assert.equal(done.status, 'SUCCESS');
    assert.ok(done.sessionToken);
  });

  it('SMS: the code texted to the number, resend after the cool-down, then SUCCESS; a bad number is E0000001', async () => {
    const enroll = await signIn(PEOPLE.smsEnroll);
    assert.deepEqual((enroll.factors as Txn[]).map((f) => f.factorType).sort(), ['call', 'sms']);
    const bad = await authnError(factorNamed(enroll, 'sms').enroll({ profile: { phoneNumber: 'not a number' } }));
    assert.equal(bad.errorCode, 'E0000001');
    const activate = (await factorNamed(enroll, 'sms').enroll({ profile: { phoneNumber: PHONES.sms } })) as Txn;
    assert.equal(activate.status, 'MFA_ENROLL_ACTIVATE');
    assert.equal(activate.factor.factorType, 'sms');
    const first = await codeSentTo(PHONES.sms);
    clock.advance(30_000);
    const resent = (await activate.resend('sms')) as Txn;
    assert.equal(resent.status, 'MFA_ENROLL_ACTIVATE');
    const second = await codeSentTo(PHONES.sms);
    if (first !== second) assert.equal((await authnError(resent.activate({ passCode: first }))).errorCode, 'E0000068', 'the first code stopped working');
    const done = (await resent.activate({ passCode: second })) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });

  it('a voice call (factorType call) enrolls the same phone authenticator', async () => {
    const enroll = await signIn(PEOPLE.callEnroll);
    const activate = (await factorNamed(enroll, 'call').enroll({ profile: { phoneNumber: PHONES.call } })) as Txn;
    assert.equal(activate.factor.factorType, 'call');
    const done = (await activate.activate({ passCode: await codeSentTo(PHONES.call) })) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });

  it('email: the code emailed to the profile address activates it', async () => {
    const enroll = await signIn(PEOPLE.emailEnroll);
    const activate = (await factorNamed(enroll, 'email').enroll({ profile: { email: PEOPLE.emailEnroll } })) as Txn;
    assert.equal(activate.status, 'MFA_ENROLL_ACTIVATE');
    const done = (await activate.activate({ passCode: codeIn(await latestEmailText(server.url, PEOPLE.emailEnroll)) })) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });

  // Enrolled after the password only: a question is a knowledge factor like the password, so it cannot be the second of two.
  it('security question: Okta\'s questions, enrolled at once with its answer (a short one is E0000001)', async () => {
    const enroll = await signIn(PEOPLE.question);
    const question = factorNamed(enroll, 'question');
    const questions = (await question.questions()) as Array<{ question: string; questionText: string }>;
    assert.ok(questions.some((q) => q.question === 'disliked_food' && /least liked/.test(q.questionText)));
    const short = await authnError(question.enroll({ profile: { question: 'disliked_food', answer: 'no' } }));
    assert.equal(short.errorCode, 'E0000001');
    const enrolled = (await question.enroll({ profile: { question: 'disliked_food', answer: 'Brussels sprouts' } })) as Txn;
    assert.equal(enrolled.status, 'SUCCESS');
    const user = (await server.lk.store.users.findByLogin(PEOPLE.question))!;
    assert.deepEqual((await server.lk.store.authenticatorEnrollments.listOf(user.id)).map((e) => [e.authenticatorKey, e.profile.questionKey]), [['security_question', 'disliked_food']]);
  });

  it('previous goes back to MFA_ENROLL (a new secret when enrolled again); activate on another factor id is refused', async () => {
    nextTotpStep();
    const enroll = await signIn(PEOPLE.totpAgain);
    const activate = (await factorNamed(enroll, 'token:software:totp').enroll({})) as Txn;
    const firstSecret = activate.factor.activation.sharedSecret;
    const wrongId = await post('/api/v1/authn/factors/not-this-one/lifecycle/activate', { stateToken: stateTokenOf(activate), passCode: '123456' });
    assert.equal(wrongId.status, 404);
    const back = (await activate.prev()) as Txn;
    assert.equal(back.status, 'MFA_ENROLL');
    const again = (await factorNamed(back, 'token:software:totp').enroll({})) as Txn;
    const secret = again.factor.activation.sharedSecret;
    assert.notEqual(secret, firstSecret);
    assert.equal((await again.activate({ passCode: totpCode(secret) })).status, 'SUCCESS');
  });

  it('bad input while enrolling gets Okta\'s errors, never a 500', async () => {
    const enroll = await signIn(PEOPLE.garbage);
    const stateToken = stateTokenOf(enroll);
    const errorOf = async (path: string, body: Record<string, unknown>) => {
      const r = await post(path, { stateToken, ...body });
      return [r.status, (await r.json()).errorCode];
    };
    assert.deepEqual(await errorOf('/api/v1/authn/factors', { factorType: 'token:software:totp', provider: 'SYMANTEC' }), [400, 'E0000001'], 'not a factor Latchkey has');
    assert.deepEqual(await errorOf('/api/v1/authn/factors', { factorType: 42, provider: null, profile: 'x' }), [400, 'E0000001']);
    assert.deepEqual(await errorOf('/api/v1/authn/factors', { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+14155550399' } }), [400, 'E0000001'], 'not offered to this user');
    assert.deepEqual(await errorOf('/api/v1/authn/previous', {}), [403, 'E0000079'], 'nothing chosen yet');
    const activate = (await factorNamed(enroll, 'token:software:totp').enroll({ profile: 'not an object' })) as Txn;
    const id = activate.factor.id;
    assert.deepEqual(await errorOf(`/api/v1/authn/factors/${id}/lifecycle/activate`, {}), [400, 'E0000001']);
    assert.deepEqual(await errorOf(`/api/v1/authn/factors/${id}/lifecycle/activate`, { passCode: 123456 }), [400, 'E0000001']);
    assert.deepEqual(await errorOf(`/api/v1/authn/factors/${id}/lifecycle/resend`, {}), [403, 'E0000079'], 'a TOTP sends nothing');
    assert.deepEqual(await errorOf(`/api/v1/authn/factors/${id}/verify`, { passCode: '123456' }), [404, 'E0000007'], 'being activated, not verified');
    assert.deepEqual(await errorOf('/api/v1/authn/credentials/change_password', { oldPassword: TEST.password }), [400, 'E0000001']);
    assert.deepEqual(await errorOf('/api/v1/authn/credentials/change_password', { oldPassword: TEST.password, newPassword: NEW_PASSWORD }), [403, 'E0000079']);
    assert.deepEqual(await errorOf('/api/v1/authn/skip', {}), [403, 'E0000079']);
  });

  it('refusals: enrolling in MFA_REQUIRED, activating there, an unknown stateToken', async () => {
    const enroll = await signIn(PEOPLE.emailVerify);
    assert.equal(enroll.status, 'MFA_REQUIRED');
    const notNow = await post('/api/v1/authn/factors', { stateToken: stateTokenOf(enroll), factorType: 'token:software:totp', provider: 'GOOGLE' });
    assert.equal(notNow.status, 403);
    assert.equal((await notNow.json()).errorCode, 'E0000079');
    const activateNow = await post('/api/v1/authn/factors/x/lifecycle/activate', { stateToken: stateTokenOf(enroll), passCode: '123456' });
    assert.equal((await activateNow.json()).errorCode, 'E0000079');
    const expired = await post('/api/v1/authn/factors', { stateToken: 'nope', factorType: 'sms', provider: 'OKTA' });
    assert.equal((await expired.json()).errorCode, 'E0000011');
    const sms = await signIn(PEOPLE.smsEnroll);
    assert.equal(sms.status, 'MFA_REQUIRED', 'the phone enrolled above is now verified');
  });
});

describe('verifying a factor through authn (MFA_REQUIRED → MFA_CHALLENGE → SUCCESS)', () => {
  it('TOTP: verify with the passCode', async () => {
    nextTotpStep();
    const required = await signIn(PEOPLE.totpVerify);
    assert.equal(required.status, 'MFA_REQUIRED');
    const verified = (await factorNamed(required, 'token:software:totp').verify({ passCode: totpCode(TOTP_SECRET) })) as Txn;
    // The first sign-in offers the optional email (Okta's default enrollment policy): skipped, as Classic apps do.
    assert.equal(verified.status, 'MFA_ENROLL');
    // Okta lists what the user has too, ACTIVE, beside the factor to enroll (mfa-enroll-email-with-sms-enrolled.json).
    assert.deepEqual(verified.factors.map((f: Txn) => [f.factorType, f.provider, f.status, f.enrollment]), [['email', 'OKTA', 'NOT_SETUP', 'OPTIONAL'], ['token:software:totp', 'GOOGLE', 'ACTIVE', 'OPTIONAL']]);
    const done = (await verified.skip()) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });

  it('SMS: verify texts a code (MFA_CHALLENGE with resend and prev); a wrong code E0000068, the right one SUCCESS', async () => {
    const required = await signIn(PEOPLE.smsVerify);
    assert.deepEqual(required.factors.map((f: Txn) => f.factorType).sort(), ['email', 'sms']);
    const sms = factorNamed(required, 'sms');
    assert.match(String(sms.profile.phoneNumber), /0302$/);
    assert.ok(!String(sms.profile.phoneNumber).includes('555030'), 'the number is masked');
    const challenge = (await sms.verify({})) as Txn;
    assert.equal(challenge.status, 'MFA_CHALLENGE');
    assert.equal(challenge.factorResult, 'CHALLENGE');
    assert.equal(typeof challenge.resend, 'function');
    assert.equal((await authnError(challenge.verify({ passCode: '000000' === (await codeSentTo(PHONES.smsVerify)) ? '111111' : '000000' }))).errorCode, 'E0000068');
    clock.advance(30_000);
    const resent = (await challenge.resend('sms')) as Txn;
    assert.equal(resent.status, 'MFA_CHALLENGE');
    const done = (await resent.verify({ passCode: await codeSentTo(PHONES.smsVerify) })) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });

  it('email: previous from MFA_CHALLENGE is MFA_REQUIRED again; the emailed code then signs in', async () => {
    const required = await signIn(PEOPLE.emailVerify);
    const challenge = (await factorNamed(required, 'email').verify({})) as Txn;
    assert.equal(challenge.status, 'MFA_CHALLENGE');
    const back = (await challenge.prev()) as Txn;
    assert.equal(back.status, 'MFA_REQUIRED');
    const noPrev = await post('/api/v1/authn/previous', { stateToken: stateTokenOf(back) });
    assert.equal((await noPrev.json()).errorCode, 'E0000079', 'nothing to go back from');
    const again = (await factorNamed(back, 'email').verify({})) as Txn;
    const done = (await again.verify({ passCode: codeIn(await latestEmailText(server.url, PEOPLE.emailVerify)) })) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });
});

describe('one set of enrollments for authn and IDX', () => {
  it('a TOTP enrolled through authn signs in through IDX (okta-auth-js idx.authenticate)', async () => {
    nextTotpStep();
    const enroll = await signIn(PEOPLE.authnToIdx);
    const activate = (await factorNamed(enroll, 'token:software:totp').enroll({})) as Txn;
    const secret = activate.factor.activation.sharedSecret;
    assert.equal((await activate.activate({ passCode: totpCode(secret) })).status, 'SUCCESS');
    nextTotpStep();
    const idx = oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'] });
    const challenged = await idx.idx.authenticate({ username: PEOPLE.authnToIdx, password: TEST.password });
    assert.equal(challenged.nextStep?.name, 'challenge-authenticator', JSON.stringify(challenged.messages));
    assert.equal(challenged.nextStep?.authenticator?.key, 'google_otp');
    const done = await idx.idx.proceed({ verificationCode: totpCode(secret) });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
  });

  it('TOTP by provider OKTA: offered beside GOOGLE, enrolled as the same authenticator, listed back as OKTA, and signs in through IDX', async () => {
    nextTotpStep();
    const enroll = await signIn(PEOPLE.oktaTotp);
    assert.deepEqual(enroll.factors.filter((f: Txn) => f.factorType === 'token:software:totp').map((f: Txn) => [f.provider, f.vendorName, f.status]),
      [['GOOGLE', 'GOOGLE', 'NOT_SETUP'], ['OKTA', 'OKTA', 'NOT_SETUP']]);
    const okta = (enroll.factors as Txn[]).find((f) => f.factorType === 'token:software:totp' && f.provider === 'OKTA')!;
    const activate = (await okta.enroll({})) as Txn;
    assert.equal(activate.status, 'MFA_ENROLL_ACTIVATE');
    assert.deepEqual([activate.factor.factorType, activate.factor.provider], ['token:software:totp', 'OKTA']);
    const secret = activate.factor.activation.sharedSecret;
    assert.equal((await activate.activate({ passCode: totpCode(secret) })).status, 'SUCCESS');
    const user = (await server.lk.store.users.findByLogin(PEOPLE.oktaTotp))!;
    const [enrollment] = await server.lk.store.authenticatorEnrollments.listOf(user.id);
    assert.equal(enrollment.authenticatorKey, 'google_otp', 'the TOTP authenticator');

    nextTotpStep();
    const required = await signIn(PEOPLE.oktaTotp);
    assert.equal(required.status, 'MFA_REQUIRED');
    assert.deepEqual(required.factors.map((f: Txn) => [f.id, f.factorType, f.provider]), [[enrollment.id, 'token:software:totp', 'OKTA']]);
    assert.equal((await factorNamed(required, 'token:software:totp').verify({ passCode: totpCode(secret) })).status, 'SUCCESS');

    nextTotpStep();
    const idx = oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'] });
    const challenged = await idx.idx.authenticate({ username: PEOPLE.oktaTotp, password: TEST.password });
    assert.equal(challenged.nextStep?.authenticator?.key, 'google_otp', JSON.stringify(challenged.messages));
    assert.equal((await idx.idx.proceed({ verificationCode: totpCode(secret) })).status, IdxStatus.SUCCESS);
  });

  it('a phone enrolled through IDX is the sms factor of authn, with the same id', async () => {
    const asked: Json = await passwordAnswered(`${server.url}/oauth2/default`, server.url, { clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, login: PEOPLE.idxToAuthn, password: TEST.password });
    const phoneId = asked.authenticators.value.find((a: Json) => a.key === 'phone_number').id;
    const sent = await submit(asked, 'authenticator-enrollment-data', { authenticator: { id: phoneId, methodType: 'sms', phoneNumber: PHONES.idx } });
    const enrolled = await submit(sent.json, 'enroll-authenticator', { credentials: { passcode: await codeSentTo(PHONES.idx) } });
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.json));
    clock.advance(30_000);
    const required = await signIn(PEOPLE.idxToAuthn);
    assert.equal(required.status, 'MFA_REQUIRED');
    const sms = factorNamed(required, 'sms');
    const user = (await server.lk.store.users.findByLogin(PEOPLE.idxToAuthn))!;
    assert.deepEqual((await server.lk.store.authenticatorEnrollments.listOf(user.id)).map((e) => e.id), [sms.id], 'the factor is the IDX enrollment');
    const challenge = (await sms.verify({})) as Txn;
    const done = (await challenge.verify({ passCode: await codeSentTo(PHONES.idx) })) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });
});

describe('expired passwords through authn (PASSWORD_EXPIRED, PASSWORD_WARN)', () => {
  it('PASSWORD_EXPIRED: the policy rules shown; a wrong old password E0000014, a weak new one E0000080, then SUCCESS', async () => {
    const expired = await signIn(PEOPLE.expired);
    assert.equal(expired.status, 'PASSWORD_EXPIRED');
    assert.equal(expired.policy.complexity.minLength, 8);
    assert.equal(expired.skip, undefined);
    const wrongOld = await authnError(expired.changePassword({ oldPassword: 'Not-The-Password-1', newPassword: NEW_PASSWORD }));
    assert.equal(wrongOld.errorCode, 'E0000014');
    const weak = await authnError(expired.changePassword({ oldPassword: TEST.password, newPassword: 'short' }));
    assert.equal(weak.errorCode, 'E0000080');
    assert.match(weak.errorCauses![0].errorSummary, /Password requirements were not met/);
    const done = (await expired.changePassword({ oldPassword: TEST.password, newPassword: NEW_PASSWORD })) as Txn;
    assert.equal(done.status, 'SUCCESS');
    assert.equal((await signIn(PEOPLE.expired, NEW_PASSWORD)).status, 'SUCCESS', 'the new password is current');
  });

  it('with a second factor to verify: PASSWORD_EXPIRED first (Okta\'s order), then MFA_REQUIRED', async () => {
    const expired = await signIn(PEOPLE.expiredMfa);
    assert.equal(expired.status, 'PASSWORD_EXPIRED');
    const required = (await expired.changePassword({ oldPassword: TEST.password, newPassword: NEW_PASSWORD })) as Txn;
    assert.equal(required.status, 'MFA_REQUIRED');
    const challenge = (await factorNamed(required, 'email').verify({})) as Txn;
    const done = (await challenge.verify({ passCode: codeIn(await latestEmailText(server.url, PEOPLE.expiredMfa)) })) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });

  it('an administrator expired it: PASSWORD_EXPIRED too', async () => {
    const expired = await signIn(PEOPLE.adminExpired);
    assert.equal(expired.status, 'PASSWORD_EXPIRED');
    assert.equal((await expired.changePassword({ oldPassword: TEST.password, newPassword: NEW_PASSWORD })).status, 'SUCCESS');
  });

  it('PASSWORD_WARN: days to expiry, and skip signs in without changing it', async () => {
    const warn = await signIn(PEOPLE.expiring);
    assert.equal(warn.status, 'PASSWORD_WARN');
    assert.equal(warn.policy.expiration.passwordExpireDays, 3);
    const done = (await warn.skip()) as Txn;
    assert.equal(done.status, 'SUCCESS');
    const changePasswordAfter = await post('/api/v1/authn/credentials/change_password', { stateToken: stateTokenOf(warn), oldPassword: TEST.password, newPassword: NEW_PASSWORD });
    assert.equal((await changePasswordAfter.json()).errorCode, 'E0000011', 'the transaction is over');
  });
});

describe('POST /api/v1/sessions with a sessionToken', () => {
  it('the session resource and its cookie, once, for an API token\'s caller; an unknown or used token is E0000005', async () => {
    const { sessionToken } = await signIn(PEOPLE.session);
    const withoutApiToken = await post('/api/v1/sessions', { sessionToken });
    assert.equal(withoutApiToken.status, 401);
    assert.equal((await withoutApiToken.json()).errorCode, 'E0000011');
    const { token } = await createApiToken(server.lk.store, 'sessions', Date.now());
    const asAdmin = { Authorization: `SSWS ${token}` };
    const created = await post('/api/v1/sessions', { sessionToken }, asAdmin);
    assert.equal(created.status, 200);
    const session = await created.json();
    assert.equal(session.login, PEOPLE.session);
    assert.equal(session.status, 'ACTIVE');
    assert.deepEqual(session.amr, ['pwd']);
    const cookie = /idx=([^;]*)/.exec(created.headers.getSetCookie().join('\n'))![1];
    const me = await fetch(`${server.url}/api/v1/sessions/me`, { headers: { cookie: `idx=${cookie}` } });
    assert.equal((await me.json()).id, session.id);
    const again = await post('/api/v1/sessions', { sessionToken }, asAdmin);
    assert.equal(again.status, 403);
    assert.equal((await again.json()).errorCode, 'E0000005');
    const missing = await post('/api/v1/sessions', {}, asAdmin);
    assert.equal((await missing.json()).errorCode, 'E0000001');
  });
});

// Last: it moves the server's clock past a push's lifetime (ID tokens signed after it would look issued in the future).
describe('an unanswered push', () => {
  it('times out: factorResult TIMEOUT', async () => {
    const unanswered = (await factorNamed(await signIn(PEOPLE.push), 'push').verify({})) as Txn;
    assert.equal(unanswered.factorResult, 'WAITING');
    clock.advance(PUSH_LIFETIME_MS + 1);
    const timedOut = (await unanswered.poll(0)) as Txn;
    assert.equal(timedOut.status, 'MFA_CHALLENGE');
    assert.equal(timedOut.factorResult, 'TIMEOUT');
  });
});
