/**
 * Password recovery (Okta's self-service password reset) end to end: okta-auth-js's
 * `idx.recoverPassword` and the raw IDX forms against a started server; the codes are read from
 * the development outbox.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdxStatus } from '@okta/okta-auth-js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { enrollPhone } from '../support/phoneOrg.js';
import { capturingLogger } from '../support/logs.js';
import { codeIn } from '../support/outbox.js';
import { hostedStateToken, interact, introspect, messageKeys, postIdx, remediationNames, submit, token, type Json } from '../support/idx.js';
import { issueRecoveryToken, sendResetLink } from '../../src/org/recoveryTokens.js';
import { OutboxSender } from '../../src/platform/delivery/outboxSender.js';
import { DeviceClient } from '../../src/cli/verify/deviceClient.js';

const NEW_PASSWORD = 'Fresh-Start-2468';
const PEOPLE = {
  email: 'rhea@example.com',
  sessions: 'sol@example.com',
  weak: 'wes@example.com',
  sms: { login: 'phoebe@example.com', phone: '+14155550301' },
  denied: 'nora@example.com',
  token: 'toby@example.com',
  link: 'lina@example.com',
  stepUp: { login: 'pat@example.com', phone: '+14155550302' },
  texter: { login: 'tess@example.com', phone: '+14155550303' },
  push: 'pia@example.com',
  question: 'quinn@example.com',
};
/** An app whose authentication policy asks for the password and the phone, whatever else was verified. */
const PHONE_APP = 'spa-phone';

function recoveryOrg() {
  const base = testOrg();
  const person = (login: string, ...groups: string[]) => ({ login, password: TEST.password, groups: ['Engineering', ...groups] });
  return {
    ...base,
    groups: [...base.groups, { name: 'Field' }, { name: 'No reset' }, { name: 'Push' }, { name: 'Careful' }, { name: 'Texters' }],
    users: [
      ...base.users, person(PEOPLE.email), person(PEOPLE.sessions), person(PEOPLE.weak), person(PEOPLE.sms.login, 'Field'), person(PEOPLE.denied, 'No reset'),
      person(PEOPLE.token), person(PEOPLE.link), person(PEOPLE.stepUp.login), { ...person(PEOPLE.push, 'Push'), emailVerified: false },
      person(PEOPLE.question, 'Careful'), person(PEOPLE.texter.login, 'Texters'),
    ],
    apps: [...base.apps, { clientId: PHONE_APP, label: 'Phone app', type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['interaction_code'] }],
    policies: [
      {
        type: 'PASSWORD', name: 'Field staff', priority: 1, conditions: { people: { groups: { include: ['Field'] } } },
        rules: [{ name: 'By phone', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['sms', 'voice'] } } } } }],
      },
      {
        type: 'PASSWORD', name: 'Texters', priority: 5, conditions: { people: { groups: { include: ['Texters'] } } },
        rules: [{ name: 'By SMS', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['sms'] } } } } }],
      },
      {
        type: 'PASSWORD', name: 'Push', priority: 3, conditions: { people: { groups: { include: ['Push'] } } },
        rules: [{ name: 'By push', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['push'] } } } } }],
      },
      {
        type: 'PASSWORD', name: 'Careful', priority: 4, conditions: { people: { groups: { include: ['Careful'] } } },
        rules: [{
          name: 'Email, then the question', priority: 1, conditions: {},
          actions: { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['email'] }, stepUp: { required: true, methods: ['security_question'] } } } },
        }],
      },
      {
        type: 'MFA_ENROLL', name: 'Careful', priority: 2, conditions: { people: { groups: { include: ['Careful'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'security_question', enroll: { self: 'REQUIRED' } }] },
      },
      {
        type: 'MFA_ENROLL', name: 'Push', priority: 1, conditions: { people: { groups: { include: ['Push'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'okta_verify', enroll: { self: 'REQUIRED' } }] },
      },
      {
        type: 'PASSWORD', name: 'No reset', priority: 2, conditions: { people: { groups: { include: ['No reset'] } } },
        rules: [{ name: 'Deny', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'DENY' } } }],
      },
      {
        type: 'ACCESS_POLICY', name: 'Password and phone', priority: 1, conditions: { apps: { include: [PHONE_APP] } },
        rules: [{
          name: 'Both', priority: 1, conditions: {},
          actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{
            knowledge: { types: ['password'], authenticationMethods: [{ key: 'okta_password', method: 'password' }] }, possession: { authenticationMethods: [{ key: 'phone_number', method: 'sms' }] },
          }] } } },
        }],
      },
    ],
  };
}

const clock = new TestClock();
const logs = capturingLogger();
const deviceDir = mkdtempSync(join(tmpdir(), 'latchkey-recovery-'));
let server: TestServer;
let issuer: string;

before(async () => {
  server = await startTestServer({ org: recoveryOrg(), clock, logger: logs.logger });
  issuer = `${server.url}/oauth2/default`;
  await enrollPhone(server.lk.store, PEOPLE.sms.login, PEOPLE.sms.phone);
  await enrollPhone(server.lk.store, PEOPLE.stepUp.login, PEOPLE.stepUp.phone);
  await enrollPhone(server.lk.store, PEOPLE.texter.login, PEOPLE.texter.phone);
});
after(async () => {
  await server.stop();
  rmSync(deviceDir, { recursive: true, force: true });
});

const client = (options: { clientId?: string; cookies?: CookieJar } = {}) =>
  oktaAuth({ issuer, clientId: options.clientId ?? TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'email', 'offline_access'], cookies: options.cookies });

/** Every message sent to `to` (newest first), through the development outbox. */
async function sentTo(to: string): Promise<Array<{ kind: string; text: string }>> {
  const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(to)}&limit=100`);
  return ((await r.json()) as { messages: Array<{ kind: string; text: string }> }).messages;
}
const latestCode = async (to: string) => codeIn((await sentTo(to)).find((m) => /code is/.test(m.text))!.text);

async function signIn(login: string, password: string, cookies?: CookieJar) {
  return client({ cookies }).idx.authenticate({ username: login, password });
}

describe('password recovery with @okta/okta-auth-js idx.recoverPassword', () => {
  it('by the emailed code: "Forgot password?" on the password, the code, a new password, then signed in; the old password stops working', async () => {
    const auth = client();
    const asked = await auth.idx.recoverPassword({ username: PEOPLE.email });
    assert.equal(asked.status, IdxStatus.PENDING, JSON.stringify(asked.messages));
    assert.equal(asked.nextStep?.name, 'challenge-authenticator');
    assert.equal(asked.nextStep?.authenticator?.key, 'okta_email');
    const reset = await auth.idx.proceed({ verificationCode: await latestCode(PEOPLE.email) });
    assert.equal(reset.nextStep?.name, 'reset-authenticator', JSON.stringify(reset.messages));
    assert.equal(reset.nextStep?.authenticator?.key, 'okta_password');
    const done = await auth.idx.proceed({ password: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.ok(done.tokens?.accessToken);
    assert.deepEqual([...(done.tokens!.idToken!.claims.amr as string[])].sort(), ['email', 'mfa', 'pwd']);

    assert.equal((await signIn(PEOPLE.email, TEST.password)).messages?.[0]?.i18n?.key, 'incorrectPassword');
    assert.equal((await signIn(PEOPLE.email, NEW_PASSWORD)).status, IdxStatus.SUCCESS);
    const notice = (await sentTo(PEOPLE.email)).find((m) => m.kind === 'password-reset-notice');
    assert.ok(notice, 'the user is told of the reset');
    const event = logs.events().find((e) => e.eventType === 'user.account.reset_password' && e.actor?.alternateId === PEOPLE.email);
    assert.equal(event?.outcome?.result, 'SUCCESS');
  });

  it('after a reset, the sessions and refresh tokens opened with the old password end', async () => {
    const browser = new CookieJar();
    const before = await signIn(PEOPLE.sessions, TEST.password, browser);
    assert.equal(before.status, IdxStatus.SUCCESS);
    const refreshToken = before.tokens!.refreshToken!.refreshToken;

    const auth = client();
    await auth.idx.recoverPassword({ username: PEOPLE.sessions });
    await auth.idx.proceed({ verificationCode: await latestCode(PEOPLE.sessions) });
    assert.equal((await auth.idx.proceed({ password: NEW_PASSWORD })).status, IdxStatus.SUCCESS);

    const refreshed = await token(issuer, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: TEST.spa.clientId });
    assert.equal(refreshed.status, 400);
    assert.equal(refreshed.json.error, 'invalid_grant');
    // The old browser's session is gone: a new interaction there asks for the password again.
    const again = await client({ cookies: browser }).idx.authenticate({ username: PEOPLE.sessions });
    assert.equal(again.status, IdxStatus.PENDING);
    assert.equal(again.nextStep?.authenticator?.key, 'okta_password');
  });

  it('a new password the policy refuses is answered on the field; the reset form stays', async () => {
    const auth = client();
    await auth.idx.recoverPassword({ username: PEOPLE.weak });
    await auth.idx.proceed({ verificationCode: await latestCode(PEOPLE.weak) });
    const refused = await auth.idx.proceed({ password: 'short' });
    assert.equal(refused.nextStep?.name, 'reset-authenticator');
    assert.equal(refused.messages?.[0]?.i18n?.key, 'password.passwordRequirementsNotMet');
    assert.equal((await auth.idx.proceed({ password: NEW_PASSWORD })).status, IdxStatus.SUCCESS);
  });

  it('by SMS when the password policy says so: the phone is offered, not the email', async () => {
    const auth = client();
    const asked = await auth.idx.recoverPassword({ username: PEOPLE.sms.login, authenticator: 'phone_number', methodType: 'sms' });
    assert.equal(asked.nextStep?.name, 'challenge-authenticator', JSON.stringify(asked));
    assert.equal(asked.nextStep?.authenticator?.key, 'phone_number');
    assert.equal((await sentTo(PEOPLE.sms.login)).length, 0, 'no email');
    const reset = await auth.idx.proceed({ verificationCode: await latestCode(PEOPLE.sms.phone) });
    assert.equal(reset.nextStep?.name, 'reset-authenticator');
    const done = await auth.idx.proceed({ password: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
  });

  it('by SMS only when the password policy names SMS alone: the phone offers no call, and a call is refused', async () => {
    const auth = client();
    const asked = await auth.idx.recoverPassword({ username: PEOPLE.texter.login });
    const data = asked.rawIdxState.remediation?.value?.find((r: Json) => r.name === 'authenticator-verification-data') as Json;
    const methodType = data.value.find((f: Json) => f.name === 'authenticator').form.value.find((f: Json) => f.name === 'methodType');
    assert.deepEqual(methodType.options, [{ label: 'SMS', value: 'sms' }]);
    assert.deepEqual((asked.context as Json).currentAuthenticatorEnrollment.value.methods, [{ type: 'sms' }]);
    const refused = await auth.idx.proceed({ methodType: 'voice' });
    assert.deepEqual(refused.messages?.map((m) => m.i18n?.key), ['E0000020'], JSON.stringify(refused));
    assert.equal((await sentTo(PEOPLE.texter.phone)).length, 0, 'no call');
    const texted = await auth.idx.proceed({ methodType: 'sms' });
    assert.equal(texted.nextStep?.name, 'challenge-authenticator', JSON.stringify(texted.messages));
    const reset = await auth.idx.proceed({ verificationCode: await latestCode(PEOPLE.texter.phone) });
    assert.equal(reset.nextStep?.name, 'reset-authenticator');
    assert.equal((await auth.idx.proceed({ password: NEW_PASSWORD })).status, IdxStatus.SUCCESS);
  });

  it('by push (Latchkey Verify) when the password policy says so: approved on the device with the number shown', async () => {
    const enrolling = await client().idx.authenticate({ username: PEOPLE.push, password: TEST.password });
    assert.equal(enrolling.nextStep?.name, 'enroll-poll', JSON.stringify(enrolling.messages));
    const { enrollmentUri } = enrolling.nextStep!.authenticator!.contextualData as { enrollmentUri: string };
    const device = await DeviceClient.enroll(enrollmentUri, 'Pia\'s phone', join(deviceDir, 'device.json'));

    const auth = client();
    const pushed = await auth.idx.recoverPassword({ username: PEOPLE.push });
    // okta-auth-js's recovery flow has no remediator for challenge-poll (its sign-in flow has): the push is sent, and the app polls by naming the step.
    assert.ok(pushed.neededToProceed?.some((r) => r.name === 'challenge-poll'), JSON.stringify(pushed.neededToProceed));
    const current = (pushed.context as Json).currentAuthenticator.value;
    assert.equal(current.key, 'okta_verify');
    const [push] = await device.pending();
    assert.equal(await device.answer(push.id, 'approve', Number(current.contextualData.correctAnswer)), 'APPROVED');
    const reset = await auth.idx.proceed({ step: 'challenge-poll' });
    assert.equal(reset.availableSteps?.[0]?.name, 'reset-authenticator', JSON.stringify(reset.messages));
    assert.equal((await auth.idx.proceed({ password: NEW_PASSWORD })).status, IdxStatus.SUCCESS);
  });

  it('a step-up the policy asks (the security question) comes after the email, before the new password', async () => {
    const enrolling = client();
    assert.equal((await enrolling.idx.authenticate({ username: PEOPLE.question, password: TEST.password })).nextStep?.authenticator?.key, 'security_question');
    assert.equal((await enrolling.idx.proceed({ questionKey: 'favorite_toy', answer: 'Mister Bear' })).status, IdxStatus.SUCCESS);

    const auth = client();
    await auth.idx.recoverPassword({ username: PEOPLE.question });
    const question = await auth.idx.proceed({ verificationCode: await latestCode(PEOPLE.question) });
    assert.equal(question.nextStep?.name, 'challenge-authenticator', JSON.stringify(question.messages));
    assert.equal(question.nextStep?.authenticator?.key, 'security_question');
    const wrong = await auth.idx.proceed({ answer: 'Teddy' });
    assert.equal(wrong.nextStep?.authenticator?.key, 'security_question', 'a wrong answer does not reach the reset');
    const reset = await auth.idx.proceed({ answer: 'Mister Bear' });
    assert.equal(reset.nextStep?.name, 'reset-authenticator', JSON.stringify(reset.messages));
    assert.equal((await auth.idx.proceed({ password: NEW_PASSWORD })).status, IdxStatus.SUCCESS);
  });

  it('recovery does not skip what the sign-in policy asks: after a reset by email, the app still asks for the phone', async () => {
    const auth = client({ clientId: PHONE_APP });
    const asked = await auth.idx.recoverPassword({ username: PEOPLE.stepUp.login });
    assert.equal(asked.nextStep?.authenticator?.key, 'okta_email', JSON.stringify(asked));
    await auth.idx.proceed({ verificationCode: await latestCode(PEOPLE.stepUp.login) });
    const next = await auth.idx.proceed({ password: NEW_PASSWORD });
    assert.equal(next.status, IdxStatus.PENDING, JSON.stringify(next.messages));
    assert.equal(next.nextStep?.authenticator?.key, 'phone_number');
  });

  it('a recovery token (/v1/interact recovery_token) begins at the new password, once', async () => {
    const user = (await server.lk.store.users.findByLogin(PEOPLE.token))!;
    const recoveryToken = await issueRecoveryToken(server.lk.store, clock, user);
    const auth = client();
    const reset = await auth.idx.recoverPassword({ recoveryToken });
    assert.equal(reset.nextStep?.name, 'reset-authenticator', JSON.stringify(reset));
    const done = await auth.idx.proceed({ password: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));

    const reused = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { recovery_token: recoveryToken } });
    assert.equal(reused.status, 400);
    assert.deepEqual(reused.json, { error: 'invalid_request', error_description: 'The recovery token is invalid' });
  });

  it('a recovery token expires with the password policy\'s lifetime (an hour by default)', async () => {
    const user = (await server.lk.store.users.findByLogin(PEOPLE.token))!;
    const recoveryToken = await issueRecoveryToken(server.lk.store, clock, user);
    clock.advance(61 * 60_000);
    const late = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { recovery_token: recoveryToken } });
    assert.equal(late.json.error, 'invalid_request');
  });
});

describe('the emailed reset link (latchkey admin reset-link)', () => {
  it('lands on the hosted sign-in at the new password; the reset signs in to the dashboard; the link works once', async () => {
    const link = await sendResetLink(server.lk.store, clock, new OutboxSender(server.lk.store.outbox, clock), server.url, PEOPLE.link);
    const mail = (await sentTo(PEOPLE.link)).find((m) => m.kind === 'password-reset-link');
    assert.ok(mail?.text.includes(link!), 'the link is emailed');
    const landing = await fetch(link!, { redirect: 'manual' });
    assert.equal(landing.status, 303);
    const page = await fetch(new URL(landing.headers.get('location')!, server.url), { redirect: 'manual' });
    assert.equal(page.status, 200);
    const state = await introspect(server.url, { stateToken: hostedStateToken(await page.text()) });
    assert.deepEqual(remediationNames(state.json), ['reset-authenticator']);
    assert.equal(state.json.user.value.identifier, PEOPLE.link);
    const done = await submit(state.json, 'reset-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    assert.equal(done.status, 200);
    assert.ok(done.json.success?.href, 'on to the dashboard');

    const again = await fetch(new URL((await fetch(link!, { redirect: 'manual' })).headers.get('location')!, server.url), { redirect: 'manual' });
    const back = new URL(again.headers.get('location')!);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.equal(back.searchParams.get('error_description'), 'The recovery token is invalid');
  });
});

/** "Forgot password?": the `recover` action the password carries, posted as okta-auth-js posts actions. */
const recover = (state: Json) => submit({ ...state, recover: state.currentAuthenticatorEnrollment.value.recover }, 'recover');

/** interact → introspect → identify → the password challenge, over plain HTTP. */
async function passwordChallenge(login: string, clientId = TEST.spa.clientId): Promise<Json> {
  const started = await interact(issuer, { clientId, redirectUri: TEST.redirectUri });
  const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
  return (await submit(first.json, 'identify', { identifier: login })).json;
}

describe('password recovery refused, and for unknown usernames', () => {
  it('where the password policy denies a reset, the password offers no "Forgot password?"; identify-recovery answers it is not allowed', async () => {
    const challenge = await passwordChallenge(PEOPLE.denied);
    assert.equal(challenge.currentAuthenticatorEnrollment.value.recover, undefined);
    assert.ok((await passwordChallenge(PEOPLE.email)).currentAuthenticatorEnrollment.value.recover, 'offered to others');

    // Recovery begun before anyone is identified (what the identify form's "Forgot password?" does) asks the username alone.
    const started = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri });
    const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
    const recovering = await postIdx(`${server.url}/idp/idx/recover`, { stateHandle: first.json.stateHandle });
    assert.equal(recovering.status, 200);
    assert.deepEqual(remediationNames(recovering.json), ['identify-recovery']);
    assert.equal(recovering.json.intent, 'LOGIN');
    const refused = await submit(recovering.json, 'identify-recovery', { identifier: PEOPLE.denied });
    assert.equal(refused.status, 403);
    assert.deepEqual(messageKeys(refused.json), ['oie.selfservice.reset.password.not.allowed']);
    assert.deepEqual(remediationNames(refused.json), []);
    assert.ok(refused.json.cancel, 'the person can start over');
  });

  it('an unknown username gets the same forms as a known one, and nothing is sent; no code works', async () => {
    const shapes = async (login: string) => {
      const challenge = await passwordChallenge(login);
      const recovering = await recover(challenge);
      const names = [remediationNames(challenge), remediationNames(recovering.json)];
      const fields = recovering.json.remediation.value.map((r: Json) => r.value.map((f: Json) => f.name));
      return { names, fields, state: recovering.json, status: recovering.status };
    };
    const known = await shapes(PEOPLE.link);
    const unknown = await shapes('nobody-here@example.com');
    assert.deepEqual(unknown.names, known.names);
    assert.deepEqual(unknown.fields, known.fields);
    assert.equal(unknown.status, known.status);
    assert.equal(unknown.state.currentAuthenticatorEnrollment.value.key, 'okta_email');
    assert.equal(unknown.state.recoveryAuthenticator.value.key, 'okta_password');
    assert.equal((await sentTo('nobody-here@example.com')).length, 0);
    const wrong = await submit(unknown.state, 'challenge-authenticator', { credentials: { passcode: '123456' } });
    assert.equal(wrong.status, 401);
    assert.deepEqual(remediationNames(wrong.json).slice(0, 1), ['challenge-authenticator']);
  });
});
