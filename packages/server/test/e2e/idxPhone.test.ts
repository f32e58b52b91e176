import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { phoneOrg, TWO_FACTOR_APP } from '../support/phoneOrg.js';
import { interact, introspect, messageKeys, remediation, remediationNames, submit, type Json, passwordAnswered } from '../support/idx.js';

/** Each test signs in its own person, all of whom the enrollment policy makes enroll a phone after the password; each enrolls their own number. */
const PEOPLE = {
  sdk: { login: 'paula@example.com', phone: '+14155550101' },
  refusals: { login: 'rex@example.com', phone: '+14155550102' },
  resender: { login: 'rosa@example.com', phone: '+14155550103' },
  spammer: { login: 'sam@example.com', phone: '+14155550200' },
  known: { login: 'kim@example.com', phone: '+14155550106' },
  invalid: { login: 'ivan@example.com', phone: '+14155550104' },
  stored: { login: 'stan@example.com', phone: '+14155550105' },
};
const COOL_DOWN_MS = 30_000;

const clock = new TestClock();
let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: phoneOrg(Object.values(PEOPLE).map((p) => p.login)), clock });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

/** The newest text or call to a number, read through the development outbox. */
async function latestTo(phone: string): Promise<{ subject: string; text: string; kind: string }> {
  const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(phone)}&limit=1`);
  const { messages } = await r.json() as { messages: { subject: string; text: string; kind: string }[] };
  assert.ok(messages.length > 0, `nothing sent to ${phone}`);
  return messages[0];
}
const codeSentTo = async (phone: string): Promise<string> => /code is (\d{6})/.exec((await latestTo(phone)).text)![1];
const sentCount = async (phone: string): Promise<number> =>
  ((await (await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(phone)}&limit=100`)).json()) as { messages: unknown[] }).messages.length;
const other = (code: string) => (code === '000000' ? '111111' : '000000');

/**
 * To just past the start of the next window of `windowMs`: the limits count in fixed windows, so a test of one starts
 * at a window's start and does not see it reset midway.
 */
const startOfWindow = (windowMs: number) => clock.advance(windowMs - (clock.now() % windowMs) + 1_000);

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/** interact → introspect → identify → password, over plain HTTP. */
const passwordDone = (login: string): Promise<Json> =>
  passwordAnswered(issuer, server.url, { clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, login, password: TEST.password });

/** The password, then the phone enrolled with `phone` by SMS: the state after the code was accepted. */
async function enrolled(login: string, phone: string): Promise<Json> {
  const asked = await passwordDone(login);
  const sent = await submit(asked, 'authenticator-enrollment-data', { authenticator: { id: authenticatorId(asked), methodType: 'sms', phoneNumber: phone } });
  assert.equal(sent.status, 200, JSON.stringify(sent.json));
  const done = await submit(sent.json, 'enroll-authenticator', { credentials: { passcode: await codeSentTo(phone) } });
  assert.equal(done.status, 200, JSON.stringify(done.json));
  return done.json;
}

/** The phone's authenticator id in the data form of a state. */
const authenticatorId = (state: Json): string => {
  const form = remediation(state, 'authenticator-enrollment-data') ?? remediation(state, 'authenticator-verification-data');
  return form.value.find((f: Json) => f.name === 'authenticator').form.value.find((f: Json) => f.name === 'id').value;
};

/** The messages Okta puts on the passcode field of a form. */
function passcodeMessages(state: Json, form: string): Json[] {
  const credentials = remediation(state, form).value.find((f: Json) => f.name === 'credentials');
  return credentials.form.value.find((f: Json) => f.name === 'passcode').messages?.value ?? [];
}
const INVALID_CODE = [{ message: 'Invalid code. Try again.', i18n: { key: 'api.authn.error.PASSCODE_INVALID', params: [] }, class: 'ERROR' }];

describe('phone_number with @okta/okta-auth-js', () => {
  it('enrolls with the number and SMS after the password (tokens: sms, mfa); the next sign-in verifies it by voice call', async () => {
    const { login, phone } = PEOPLE.sdk;
    const auth = oktaAuth({ issuer, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile'], legacy: true });
    const first = await auth.idx.authenticate({ username: login, password: TEST.password, authenticator: 'phone_number', methodType: 'sms', phoneNumber: phone });
    assert.equal(first.status, IdxStatus.PENDING, JSON.stringify(first.messages));
    assert.equal(first.nextStep?.name, 'enroll-authenticator');
    assert.equal(first.nextStep?.authenticator?.key, 'phone_number');
    const sms = await latestTo(phone);
    assert.equal(sms.subject, 'SMS');
    assert.equal(sms.kind, 'phone-challenge');

    const done = await auth.idx.proceed({ verificationCode: await codeSentTo(phone) });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.deepEqual([...claimsOf(done.tokens!.idToken!.idToken).amr].sort(), ['mfa', 'pwd', 'sms']);

    clock.advance(COOL_DOWN_MS);
    const again = oktaAuth({ issuer, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'], legacy: true });
    const challenged = await again.idx.authenticate({ username: login, password: TEST.password, authenticator: 'phone_number', methodType: 'voice' });
    assert.equal(challenged.status, IdxStatus.PENDING, JSON.stringify(challenged.messages));
    assert.equal(challenged.nextStep?.name, 'challenge-authenticator');
    assert.equal(challenged.nextStep?.authenticator?.key, 'phone_number');
    assert.deepEqual(challenged.nextStep?.authenticator?.profile, { phoneNumber: '+1 XXX-XXX-0101' });
    assert.equal((await latestTo(phone)).subject, 'Voice call');
    const signedIn = await again.idx.proceed({ verificationCode: await codeSentTo(phone) });
    assert.equal(signedIn.status, IdxStatus.SUCCESS, JSON.stringify(signedIn.messages));
  });
});

describe('phone_number over HTTP', () => {
  it('asks for the method and number first; an invalid number is Okta\'s invalid_phone on the same form, nothing sent', async () => {
    const { login, phone } = PEOPLE.invalid;
    const asked = await passwordDone(login);
    assert.deepEqual(remediationNames(asked), ['authenticator-enrollment-data', 'select-authenticator-enroll']);
    assert.equal(asked.currentAuthenticator.value.key, 'phone_number');
    for (const typed of ['555-0104', '+1 555', 'not a number', '+999999999999', 12]) {
      const refused = await submit(asked, 'authenticator-enrollment-data', { authenticator: { id: authenticatorId(asked), methodType: 'sms', phoneNumber: typed } });
      assert.equal(refused.status, 400, JSON.stringify(refused.json));
      assert.deepEqual(messageKeys(refused.json), ['api.factors.error.sms.invalid_phone']);
      assert.deepEqual(remediationNames(refused.json), ['authenticator-enrollment-data', 'select-authenticator-enroll']);
    }
    const badMethod = await submit(asked, 'authenticator-enrollment-data', { authenticator: { id: authenticatorId(asked), methodType: 'pigeon', phoneNumber: phone } });
    assert.equal(badMethod.status, 400, JSON.stringify(badMethod.json));
    assert.equal(await sentCount(phone), 0);
    clock.advance(5_000); // past the limit of requests per transaction
    // An answer before anything was sent is refused, not a 500.
    const early = await submit(asked, 'authenticator-enrollment-data', { authenticator: { id: authenticatorId(asked) } });
    assert.equal(early.status, 200, JSON.stringify(early.json));
    const answer = await fetch(`${server.url}/idp/idx/challenge/answer`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ stateHandle: asked.stateHandle, credentials: { passcode: '123456' } }),
    });
    assert.equal(answer.status, 400);
    // Written the way people write it, the number is taken and stored as E.164.
    const sent = await submit(asked, 'authenticator-enrollment-data', { authenticator: { id: authenticatorId(asked), methodType: 'sms', phoneNumber: '+1 (415) 555-0104' } });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    assert.deepEqual(sent.json.currentAuthenticator.value.methods, [{ type: 'sms' }]);
    assert.equal(await sentCount(phone), 1);
  });

  it('a wrong code enrolling, then challenging; an expired code; a used code: the right IDX errors, never a 500', async () => {
    const { login, phone } = PEOPLE.refusals;
    const asked = await passwordDone(login);
    // Chosen in one step, as the widget may post it: the select option carries the method and number.
    const option = remediation(asked, 'select-authenticator-enroll').value[0].options.find((o: Json) => o.label === 'Phone');
    assert.deepEqual(option.value.form.value.map((f: Json) => f.name), ['id', 'methodType', 'phoneNumber']);
    const sent = await submit(asked, 'select-authenticator-enroll', { authenticator: { id: authenticatorId(asked), methodType: 'sms', phoneNumber: phone } });
    assert.deepEqual(remediationNames(sent.json), ['enroll-authenticator', 'select-authenticator-enroll']);
    const code = await codeSentTo(phone);
    const wrong = await submit(sent.json, 'enroll-authenticator', { credentials: { passcode: other(code) } });
    assert.equal(wrong.status, 401, JSON.stringify(wrong.json));
    assert.deepEqual(passcodeMessages(wrong.json, 'enroll-authenticator'), INVALID_CODE);
    const malformed = await submit(sent.json, 'enroll-authenticator', { credentials: { passcode: { no: 1 } } });
    assert.equal(malformed.status, 401, JSON.stringify(malformed.json));
    const done = await submit(sent.json, 'enroll-authenticator', { credentials: { passcode: code } });
    assert.equal(done.status, 200, JSON.stringify(done.json));
    assert.ok(done.json.successWithInteractionCode);
    // Used: the transaction it finished is over.
    const replayed = await submit(sent.json, 'enroll-authenticator', { credentials: { passcode: code } });
    assert.equal(replayed.status, 401, JSON.stringify(replayed.json));
    assert.deepEqual(messageKeys(replayed.json), ['idx.session.expired']);

    clock.advance(COOL_DOWN_MS);
    const challenged = await passwordDone(login);
    assert.deepEqual(remediationNames(challenged), ['authenticator-verification-data', 'select-authenticator-authenticate']);
    assert.deepEqual(challenged.currentAuthenticatorEnrollment.value.profile, { phoneNumber: '+1 XXX-XXX-0102' });
    const sentAgain = await submit(challenged, 'authenticator-verification-data', { authenticator: { id: authenticatorId(challenged), methodType: 'sms' } });
    assert.deepEqual(remediationNames(sentAgain.json), ['challenge-authenticator', 'select-authenticator-authenticate']);
    const challengeCode = await codeSentTo(phone);
    const bad = await submit(sentAgain.json, 'challenge-authenticator', { credentials: { passcode: other(challengeCode) } });
    assert.equal(bad.status, 401, JSON.stringify(bad.json));
    assert.deepEqual(passcodeMessages(bad.json, 'challenge-authenticator'), INVALID_CODE);
    clock.advance(5 * 60_000);
    const expired = await submit(sentAgain.json, 'challenge-authenticator', { credentials: { passcode: challengeCode } });
    assert.equal(expired.status, 401, JSON.stringify(expired.json));
    assert.deepEqual(passcodeMessages(expired.json, 'challenge-authenticator'), INVALID_CODE);
    // A new code: the old one stops working, the new one signs in.
    const resent = await submit(sentAgain.json.currentAuthenticatorEnrollment.value, 'resend');
    assert.equal(resent.status, 200, JSON.stringify(resent.json));
    const fresh = await codeSentTo(phone);
    if (fresh !== challengeCode) {
      const old = await submit(sentAgain.json, 'challenge-authenticator', { credentials: { passcode: challengeCode } });
      assert.equal(old.status, 401);
    }
    const good = await submit(sentAgain.json, 'challenge-authenticator', { credentials: { passcode: fresh } });
    assert.equal(good.status, 200, JSON.stringify(good.json));
    assert.ok(good.json.successWithInteractionCode);
  });

  it('a resend within 30 s waits out the cool-down; sends to one number are limited (429 with Okta\'s keys), never a 500', async () => {
    const { login, phone } = PEOPLE.resender;
    await enrolled(login, phone);
    startOfWindow(15 * 60_000);
    const challenged = await passwordDone(login);
    const sent = await submit(challenged, 'authenticator-verification-data', { authenticator: { id: authenticatorId(challenged), methodType: 'voice' } });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    const tooSoon = await submit(sent.json.currentAuthenticatorEnrollment.value, 'resend');
    assert.equal(tooSoon.status, 429, JSON.stringify(tooSoon.json));
    assert.deepEqual(messageKeys(tooSoon.json), ['errors.E0000133']);
    // Up to 10 codes to a number in 15 minutes (1 so far in this window): each after the cool-down.
    for (let i = 0; i < 9; i++) {
      clock.advance(COOL_DOWN_MS);
      const state = i < 4 ? sent.json : (await submit(await passwordDone(login), 'authenticator-verification-data', { authenticator: { id: authenticatorId(challenged), methodType: 'sms' } })).json;
      if (i < 4) assert.equal((await submit(state.currentAuthenticatorEnrollment.value, 'resend')).status, 200);
    }
    clock.advance(COOL_DOWN_MS);
    const limited = await submit(await passwordDone(login), 'authenticator-verification-data', { authenticator: { id: authenticatorId(challenged), methodType: 'sms' } });
    assert.equal(limited.status, 429, JSON.stringify(limited.json));
    assert.deepEqual(messageKeys(limited.json), ['errors.E0000150']);
    assert.deepEqual(remediationNames(limited.json), ['authenticator-verification-data', 'select-authenticator-authenticate']);
    assert.equal(await sentCount(phone), 11, 'the enrollment\'s, then 10 in this window');
    clock.advance(15 * 60_000);
    const later = await submit(await passwordDone(login), 'authenticator-verification-data', { authenticator: { id: authenticatorId(challenged), methodType: 'sms' } });
    assert.equal(later.status, 200, JSON.stringify(later.json));
  });

  it('one user may have codes sent to 15 numbers an hour, then 429 (a stolen password cannot text the world)', async () => {
    const { login, phone } = PEOPLE.spammer;
    startOfWindow(60 * 60_000);
    const asked = await passwordDone(login);
    const numbers = Array.from({ length: 16 }, (_, i) => phone.replace(/\d\d$/, String(i + 10)));
    for (const [i, number] of numbers.entries()) {
      if (i % 5 === 0) clock.advance(5_000); // within the requests one transaction may make
      const sent = await submit(asked, 'authenticator-enrollment-data', { authenticator: { id: authenticatorId(asked), methodType: 'sms', phoneNumber: number } });
      assert.equal(sent.status, i < 15 ? 200 : 429, JSON.stringify(sent.json));
    }
    assert.equal(await sentCount(numbers[14]), 1);
    assert.equal(await sentCount(numbers[15]), 0);
  });

  it('an unknown username is answered as an account with a phone: the same password challenge, nothing about a phone', async () => {
    const { login, phone } = PEOPLE.known;
    const identifyAs = async (identifier: string) => {
      const started = await interact(issuer, { clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri });
      const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
      return (await submit(first.json, 'identify', { identifier })).json;
    };
    await enrolled(login, phone);
    const shape = (state: Json) => ({
      remediations: remediationNames(state),
      enrollments: state.authenticatorEnrollments.value.map((e: Json) => [e.key, e.type, e.methods]),
      current: [state.currentAuthenticatorEnrollment.value.key, state.currentAuthenticatorEnrollment.value.profile],
    });
    const known = await identifyAs(login);
    const unknown = await identifyAs('nobody-here@example.com');
    assert.deepEqual(shape(unknown), shape(known));
    assert.ok(!JSON.stringify(known).includes('phone'), 'the phone shows only once the password is verified');
  });

  it('the number is stored in the enrollment\'s profile as E.164; the code only as its HMAC', async () => {
    const { login, phone } = PEOPLE.stored;
    await enrolled(login, phone);
    const user = (await server.lk.store.users.findByLogin(login))!;
    const rows = await server.lk.store.db.selectFrom('authenticator_enrollments').selectAll().where('user_id', '=', user.id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].authenticator_key, 'phone_number');
    assert.deepEqual(JSON.parse(rows[0].profile), { phoneNumber: phone });
    assert.equal(rows[0].secret, null);
    clock.advance(COOL_DOWN_MS);
    const challenged = await passwordDone(login);
    await submit(challenged, 'authenticator-verification-data', { authenticator: { id: authenticatorId(challenged), methodType: 'sms' } });
    const code = await codeSentTo(phone);
    const transactions = await server.lk.store.db.selectFrom('idx_transactions').select('state').execute();
    assert.ok(!transactions.some((t) => t.state.includes(`"${code}"`)), 'the code is in no sign-in transaction');
  });
});
