/**
 * Classic self-service recovery and unlock (`/api/v1/authn/recovery/*`) with @okta/okta-auth-js's
 * authn API against a started server: forgotPassword, verifyRecoveryToken, unlockAccount, and the
 * transaction's verify / resend / answer / resetPassword. Emails and texts are read from the
 * development outbox.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticatorKey, IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { authnError } from '../support/authn.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { enrollPhone } from '../support/phoneOrg.js';
import { codeIn, emailedRecoveryToken } from '../support/outbox.js';

const NEW_PASSWORD = 'Fresh-Start-2468';
const PEOPLE = {
  email: 'rita@example.com',
  reuse: 'rex@example.com',
  weak: 'wes@example.com',
  sms: { login: 'sam@example.com', phone: '+14155550401' },
  lockedEmail: 'lou@example.com',
  lockedSms: { login: 'lee@example.com', phone: '+14155550402' },
  lockedIdx: { login: 'ida@example.com', phone: '+14155550403' },
  question: 'quinn@example.com',
  resumed: { login: 'rae@example.com', phone: '+14155550404' },
  lockedResumed: { login: 'lia@example.com', phone: '+14155550405' },
};
const MAX_ATTEMPTS = 3;

function recoveryOrg() {
  const base = testOrg();
  const person = (login: string) => ({ login, profile: { firstName: 'Pat', email: login }, password: TEST.password, groups: ['Engineering'], emailVerified: true });
  return {
    ...base,
    groups: [...base.groups, { name: 'Careful' }],
    users: [
      ...base.users, ...[PEOPLE.email, PEOPLE.reuse, PEOPLE.weak, PEOPLE.sms.login, PEOPLE.lockedEmail, PEOPLE.lockedSms.login, PEOPLE.lockedIdx.login, PEOPLE.resumed.login, PEOPLE.lockedResumed.login].map(person),
      { ...person(PEOPLE.question), groups: ['Engineering', 'Careful'] },
    ],
    policies: [{
      // Okta Classic's recovery question: asked after the emailed link, before the new password.
      type: 'PASSWORD', name: 'Careful', priority: 1, conditions: { people: { groups: { include: ['Careful'] } } },
      rules: [{ name: 'Email, then the question', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['email'] }, stepUp: { required: true, methods: ['security_question'] } } } } }],
    }, {
      type: 'MFA_ENROLL', name: 'Careful', priority: 1, conditions: { people: { groups: { include: ['Careful'] } } },
      settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'security_question', enroll: { self: 'REQUIRED' } }] },
    }, {
      type: 'PASSWORD', name: 'Everyone', priority: 1, conditions: {},
      settings: { password: { lockout: { maxAttempts: MAX_ATTEMPTS, autoUnlockMinutes: 60 } } },
      rules: [{
        name: 'Email or SMS', priority: 1, conditions: {},
        actions: { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['email', 'sms'] } } }, selfServiceUnlock: { access: 'ALLOW' } },
      }],
    }],
  };
}

const clock = new TestClock();
let server: TestServer;
before(async () => {
  server = await startTestServer({ org: recoveryOrg(), clock });
  await enrollPhone(server.lk.store, PEOPLE.sms.login, PEOPLE.sms.phone);
  await enrollPhone(server.lk.store, PEOPLE.lockedSms.login, PEOPLE.lockedSms.phone);
  await enrollPhone(server.lk.store, PEOPLE.lockedIdx.login, PEOPLE.lockedIdx.phone);
  await enrollPhone(server.lk.store, PEOPLE.resumed.login, PEOPLE.resumed.phone);
  await enrollPhone(server.lk.store, PEOPLE.lockedResumed.login, PEOPLE.lockedResumed.phone);
});
after(() => server.stop());

const client = () => oktaAuth({ issuer: server.url, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
const post = (path: string, body: unknown, cookie = '') =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', cookie }, body: JSON.stringify(body) });

async function outbox(to: string): Promise<Array<{ kind: string; text: string }>> {
  const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(to)}&limit=100`);
  return ((await r.json()) as { messages: Array<{ kind: string; text: string }> }).messages;
}
const emailedToken = (to: string, kind?: string) => emailedRecoveryToken(server.url, to, kind);
const textedCode = async (phone: string) => codeIn((await outbox(phone))[0].text);

/** The answer's JSON as sent (okta-auth-js adds the response headers to it). */
const dataOf = (t: unknown) => (t as { data: Record<string, unknown> }).data;
const body = (t: unknown) => ({ ...dataOf(t), headers: undefined });
const stateTokenOf = (t: unknown) => dataOf(t).stateToken;

/** A session in a browser: authn's sessionToken traded for the cookie. */
async function sessionCookie(login: string, password = TEST.password): Promise<string> {
  const { sessionToken } = await client().signInWithCredentials({ username: login, password });
  const r = await fetch(`${server.url}/login/sessionCookieRedirect?token=${sessionToken}&redirectUrl=${encodeURIComponent(`${server.url}/`)}`, { redirect: 'manual' });
  return /idx=[^;]*/.exec(r.headers.getSetCookie().join('\n'))![0];
}
const sessionAlive = async (cookie: string) => (await fetch(`${server.url}/api/v1/sessions/me`, { headers: { cookie } })).status === 200;

async function lockOut(login: string): Promise<void> {
  for (let i = 0; i < MAX_ATTEMPTS - 1; i++) await authnError(client().signInWithCredentials({ username: login, password: 'Wrong-Password-1' }));
  assert.equal((await client().signInWithCredentials({ username: login, password: 'Wrong-Password-1' })).status, 'LOCKED_OUT');
}

describe('forgot password by email (forgotPassword, verifyRecoveryToken, resetPassword)', () => {
  it('the emailed token leads to PASSWORD_RESET; the new password ends in SUCCESS, works, and the old sessions end', async () => {
    const cookie = await sessionCookie(PEOPLE.email);
    assert.ok(await sessionAlive(cookie));
    const challenge = await client().forgotPassword({ username: PEOPLE.email, factorType: 'EMAIL' });
    assert.equal(challenge.status, 'RECOVERY_CHALLENGE');
    assert.deepEqual(body(challenge), { status: 'RECOVERY_CHALLENGE', factorResult: 'WAITING', factorType: 'EMAIL', recoveryType: 'PASSWORD', headers: undefined });

    const reset = await client().verifyRecoveryToken({ recoveryToken: await emailedToken(PEOPLE.email) });
    assert.equal(reset.status, 'PASSWORD_RESET');
    assert.equal(dataOf(reset).recoveryType, 'PASSWORD');
    assert.equal(reset.user!.profile.login, PEOPLE.email);
    assert.equal((dataOf(reset)._embedded as { policy: { complexity: { minLength: number } } }).policy.complexity.minLength, 8);

    const done = await reset.resetPassword!({ newPassword: NEW_PASSWORD });
    assert.equal(done.status, 'SUCCESS');
    assert.ok(done.sessionToken);
    assert.equal(await sessionAlive(cookie), false, 'the session opened with the old password ended');
    assert.equal((await client().signInWithCredentials({ username: PEOPLE.email, password: NEW_PASSWORD })).status, 'SUCCESS');
    assert.equal((await authnError(client().signInWithCredentials({ username: PEOPLE.email, password: TEST.password }))).errorCode, 'E0000004');
    assert.ok((await outbox(PEOPLE.email)).some((m) => m.kind === 'password-reset-notice'), 'the user is told');
  });

  it('an unknown user gets exactly the known user\'s answer, and no email goes out', async () => {
    const known = await post('/api/v1/authn/recovery/password', { username: PEOPLE.reuse, factorType: 'EMAIL' });
    const unknown = await post('/api/v1/authn/recovery/password', { username: 'nobody@example.com', factorType: 'EMAIL' });
    assert.equal(known.status, 200);
    assert.equal(unknown.status, 200);
    assert.deepEqual(await unknown.json(), await known.json());
    assert.equal((await outbox('nobody@example.com')).length, 0);
  });

  it('a recovery token works once: reused, it is Okta\'s E0000105; a forged one too', async () => {
    await client().forgotPassword({ username: PEOPLE.reuse, factorType: 'EMAIL' });
    const recoveryToken = await emailedToken(PEOPLE.reuse);
    assert.equal((await client().verifyRecoveryToken({ recoveryToken })).status, 'PASSWORD_RESET');
    for (const token of [recoveryToken, 'not-a-recovery-token']) {
      const e = await authnError(client().verifyRecoveryToken({ recoveryToken: token }));
      assert.equal(e.xhr!.status, 403);
      assert.equal(e.errorCode, 'E0000105');
    }
  });

  it('a weak new password is Okta\'s E0000080 with the rules; the transaction stays at PASSWORD_RESET', async () => {
    await client().forgotPassword({ username: PEOPLE.weak, factorType: 'EMAIL' });
    const reset = await client().verifyRecoveryToken({ recoveryToken: await emailedToken(PEOPLE.weak) });
    const e = await authnError(reset.resetPassword!({ newPassword: 'short' }));
    assert.equal(e.xhr!.status, 403);
    assert.equal(e.errorCode, 'E0000080');
    assert.equal(e.errorSummary, 'The password does not meet the complexity requirements of the current password policy.');
    assert.match(e.errorCauses![0].errorSummary as string, /^Password requirements were not met\. /);
    assert.equal((await reset.resetPassword!({ newPassword: NEW_PASSWORD })).status, 'SUCCESS');
  });

  it('a factor type the password policy does not allow is Okta\'s E0000034, the same for anyone; an unknown one E0000001', async () => {
    for (const username of [PEOPLE.email, 'nobody@example.com']) {
      const e = await authnError(client().forgotPassword({ username, factorType: 'CALL' }));
      assert.equal(e.xhr!.status, 403);
      assert.equal(e.errorCode, 'E0000034');
    }
    const r = await post('/api/v1/authn/recovery/password', { username: PEOPLE.email, factorType: 'PIGEON' });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).errorCode, 'E0000001');
  });
});

describe('the recovery question (RECOVERY, answer)', () => {
  it('after the emailed token the policy asks the question: a wrong answer is E0000087, the right one leads to the reset', async () => {
    const enrolling = oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
    assert.equal((await enrolling.idx.authenticate({ username: PEOPLE.question, password: TEST.password })).nextStep?.authenticator?.key, 'security_question');
    assert.equal((await enrolling.idx.proceed({ questionKey: 'favorite_toy', answer: 'Mister Bear' })).status, IdxStatus.SUCCESS);

    await client().forgotPassword({ username: PEOPLE.question, factorType: 'EMAIL' });
    const recovery = await client().verifyRecoveryToken({ recoveryToken: await emailedToken(PEOPLE.question) });
    assert.equal(recovery.status, 'RECOVERY');
    assert.equal(dataOf(recovery).recoveryType, 'PASSWORD');
    const embedded = dataOf(recovery)._embedded as { user: { recovery_question: { question: string } } };
    assert.equal(embedded.user.recovery_question.question, 'What is the toy/stuffed animal you liked the most as a kid?');
    const wrong = await authnError(recovery.answer!({ answer: 'Teddy' }));
    assert.equal(wrong.errorCode, 'E0000087');
    // A reload (tx.resume) answers the same RECOVERY, and goes on from there.
    const resumed = await client().tx.resume({ stateToken: stateTokenOf(recovery) });
    assert.deepEqual({ ...body(resumed), expiresAt: undefined }, { ...body(recovery), expiresAt: undefined });
    const reset = await resumed.answer!({ answer: 'Mister Bear' });
    assert.equal(reset.status, 'PASSWORD_RESET');
    assert.equal((await reset.resetPassword!({ newPassword: NEW_PASSWORD })).status, 'SUCCESS');
  });
});

describe('forgot password by SMS (forgotPassword, verify, resend)', () => {
  it('RECOVERY_CHALLENGE with verify and resend links; a wrong code is E0000068; the texted one leads to the reset', async () => {
    const challenge = await client().forgotPassword({ username: PEOPLE.sms.login, factorType: 'SMS' });
    assert.equal(challenge.status, 'RECOVERY_CHALLENGE');
    assert.equal(dataOf(challenge).factorType, 'sms');
    assert.equal(dataOf(challenge).recoveryType, 'PASSWORD');
    const links = dataOf(challenge)._links as Record<string, { href: string; name?: string }>;
    assert.equal(links.next.href, `${server.url}/api/v1/authn/recovery/factors/SMS/verify`);
    assert.equal(links.resend.href, `${server.url}/api/v1/authn/recovery/factors/SMS/resend`);
    const first = await textedCode(PEOPLE.sms.phone);
    const tooSoon = await authnError(challenge.resend!());
    assert.equal(tooSoon.xhr!.status, 429);
    assert.equal(tooSoon.errorCode, 'E0000109');
    clock.advance(31_000);
    const resent = await challenge.resend!();
    assert.equal(resent.status, 'RECOVERY_CHALLENGE');
    const code = await textedCode(PEOPLE.sms.phone);
    assert.notEqual(code, first, 'a new code was texted');
    const wrong = await authnError(challenge.verify!({ passCode: code === '000000' ? '111111' : '000000' }));
    assert.equal(wrong.errorCode, 'E0000068');

    const reset = await challenge.verify!({ passCode: code });
    assert.equal(reset.status, 'PASSWORD_RESET');
    const done = await reset.resetPassword!({ newPassword: NEW_PASSWORD });
    assert.equal(done.status, 'SUCCESS');
    assert.equal((await client().signInWithCredentials({ username: PEOPLE.sms.login, password: NEW_PASSWORD })).status, 'SUCCESS');
  });

  it('an unknown user gets a RECOVERY_CHALLENGE shaped the same, and no code ever verifies', async () => {
    const challenge = await client().forgotPassword({ username: 'nobody@example.com', factorType: 'SMS' });
    assert.equal(challenge.status, 'RECOVERY_CHALLENGE');
    assert.deepEqual(Object.keys(dataOf(challenge)).filter((k) => k !== 'headers').sort(), ['_links', 'expiresAt', 'factorType', 'recoveryType', 'stateToken', 'status']);
    assert.equal((await challenge.resend!()).status, 'RECOVERY_CHALLENGE');
    assert.equal((await authnError(challenge.verify!({ passCode: '123456' }))).errorCode, 'E0000068');
  });

  it('calls out of order are refused with Okta\'s errors, never a 500', async () => {
    const challenge = await client().forgotPassword({ username: PEOPLE.sms.login, factorType: 'SMS' });
    const stateToken = stateTokenOf(challenge);
    const early = await post('/api/v1/authn/credentials/reset_password', { stateToken, newPassword: NEW_PASSWORD });
    assert.equal(early.status, 403);
    assert.equal((await early.json()).errorCode, 'E0000079');
    const answer = await post('/api/v1/authn/recovery/answer', { stateToken, answer: 'x' });
    assert.equal((await answer.json()).errorCode, 'E0000079');
    const forged = await post('/api/v1/authn/recovery/factors/SMS/verify', { stateToken: 'forged', passCode: '123456' });
    assert.equal(forged.status, 401);
    assert.equal((await forged.json()).errorCode, 'E0000011');
    const noUser = await post('/api/v1/authn/recovery/password', { factorType: 'SMS' });
    assert.equal(noUser.status, 400);
    assert.equal((await noUser.json()).errorCode, 'E0000001');
  });
});

describe('unlock (unlockAccount)', () => {
  it('by email: the emailed unlock token answers SUCCESS with recoveryType UNLOCK, and the password works again', async () => {
    await lockOut(PEOPLE.lockedEmail);
    const challenge = await client().unlockAccount({ username: PEOPLE.lockedEmail, factorType: 'EMAIL' });
    assert.deepEqual(body(challenge), { status: 'RECOVERY_CHALLENGE', factorResult: 'WAITING', factorType: 'EMAIL', recoveryType: 'UNLOCK', headers: undefined });
    const recoveryToken = await emailedToken(PEOPLE.lockedEmail, 'account-unlock-link');
    const unlocked = await client().verifyRecoveryToken({ recoveryToken });
    assert.equal(unlocked.status, 'SUCCESS');
    assert.equal(dataOf(unlocked).recoveryType, 'UNLOCK');
    assert.equal(unlocked.sessionToken, undefined, 'the person signs in with their password');
    assert.equal((await client().signInWithCredentials({ username: PEOPLE.lockedEmail, password: TEST.password })).status, 'SUCCESS');
    assert.equal((await authnError(client().verifyRecoveryToken({ recoveryToken }))).errorCode, 'E0000105', 'once');
  });

  it('by SMS: the texted code unlocks (SUCCESS, UNLOCK); a wrong one is E0000068 and unlocks nothing', async () => {
    await lockOut(PEOPLE.lockedSms.login);
    const challenge = await client().unlockAccount({ username: PEOPLE.lockedSms.login, factorType: 'SMS' });
    assert.equal(challenge.status, 'RECOVERY_CHALLENGE');
    assert.equal(dataOf(challenge).recoveryType, 'UNLOCK');
    const code = await textedCode(PEOPLE.lockedSms.phone);
    assert.equal((await authnError(challenge.verify!({ passCode: code === '000000' ? '111111' : '000000' }))).errorCode, 'E0000068');
    assert.equal((await client().signInWithCredentials({ username: PEOPLE.lockedSms.login, password: TEST.password })).status, 'LOCKED_OUT');
    const unlocked = await challenge.verify!({ passCode: code });
    assert.equal(unlocked.status, 'SUCCESS');
    assert.equal(dataOf(unlocked).recoveryType, 'UNLOCK');
    assert.equal((await client().signInWithCredentials({ username: PEOPLE.lockedSms.login, password: TEST.password })).status, 'SUCCESS');
  });

  it('one engine: the same unlock by SMS through IDX (okta-auth-js idx.unlockAccount with the phone)', async () => {
    await lockOut(PEOPLE.lockedIdx.login);
    const auth = oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
    const challenge = await auth.idx.unlockAccount({ username: PEOPLE.lockedIdx.login, authenticator: AuthenticatorKey.PHONE_NUMBER, methodType: 'sms' });
    assert.equal(challenge.nextStep?.authenticator?.key, 'phone_number', JSON.stringify(challenge.messages));
    const done = await auth.idx.proceed({ verificationCode: await textedCode(PEOPLE.lockedIdx.phone) });
    assert.deepEqual(done.messages?.map((m) => m.i18n?.key), ['oie.selfservice.unlock_user.success.message']);
    assert.equal((await client().signInWithCredentials({ username: PEOPLE.lockedIdx.login, password: TEST.password })).status, 'SUCCESS');
  });

  it('an unlock token is not a password reset token (nor the other way)', async () => {
    await client().unlockAccount({ username: PEOPLE.reuse, factorType: 'EMAIL' });
    const unlockToken = await emailedToken(PEOPLE.reuse, 'account-unlock-link');
    const viaIdx = await fetch(`${server.url}/oauth2/default/v1/interact`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: TEST.spa.clientId, scope: 'openid', redirect_uri: TEST.redirectUri, state: 's', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256', recovery_token: unlockToken }),
    });
    assert.equal(viaIdx.status, 400, 'an unlock token cannot reset the password through IDX');
    assert.equal(dataOf(await client().verifyRecoveryToken({ recoveryToken: unlockToken })).recoveryType, 'UNLOCK');
  });
});

describe('resuming a recovery or unlock (tx.resume, tx.introspect: POST /api/v1/authn { stateToken })', () => {
  it('a password recovery by SMS answers RECOVERY_CHALLENGE, then PASSWORD_RESET, as its routes did last; the resumed one goes on', async () => {
    const challenge = await client().forgotPassword({ username: PEOPLE.resumed.login, factorType: 'SMS' });
    const resumed = await client().tx.resume({ stateToken: stateTokenOf(challenge) });
    assert.equal(resumed.status, 'RECOVERY_CHALLENGE');
    assert.deepEqual({ ...body(resumed), expiresAt: undefined }, { ...body(challenge), expiresAt: undefined });
    const introspected = await client().tx.introspect({ stateToken: stateTokenOf(challenge) });
    assert.equal(introspected.status, 'RECOVERY_CHALLENGE');

    const reset = await resumed.verify!({ passCode: await textedCode(PEOPLE.resumed.phone) });
    assert.equal(reset.status, 'PASSWORD_RESET');
    const reloaded = await client().tx.resume({ stateToken: stateTokenOf(reset) });
    assert.equal(reloaded.status, 'PASSWORD_RESET');
    assert.deepEqual({ ...body(reloaded), expiresAt: undefined }, { ...body(reset), expiresAt: undefined });
    assert.equal((await reloaded.resetPassword!({ newPassword: NEW_PASSWORD })).status, 'SUCCESS');
  });

  it('an unlock by SMS answers RECOVERY_CHALLENGE with recoveryType UNLOCK; the resumed one unlocks', async () => {
    await lockOut(PEOPLE.lockedResumed.login);
    const challenge = await client().unlockAccount({ username: PEOPLE.lockedResumed.login, factorType: 'SMS' });
    const resumed = await client().tx.resume({ stateToken: stateTokenOf(challenge) });
    assert.equal(resumed.status, 'RECOVERY_CHALLENGE');
    assert.equal(dataOf(resumed).recoveryType, 'UNLOCK');
    assert.equal(dataOf(resumed).factorType, 'sms');
    const unlocked = await resumed.verify!({ passCode: await textedCode(PEOPLE.lockedResumed.phone) });
    assert.equal(unlocked.status, 'SUCCESS');
    assert.equal(dataOf(unlocked).recoveryType, 'UNLOCK');
  });

  it('an unknown user\'s recovery resumes exactly as a known one\'s', async () => {
    const known = await client().forgotPassword({ username: PEOPLE.sms.login, factorType: 'SMS' });
    const unknown = await client().forgotPassword({ username: 'nobody-at-all@example.com', factorType: 'SMS' });
    const shape = async (t: unknown): Promise<Record<string, unknown>> => {
      const resumed: Record<string, unknown> = body(await client().tx.resume({ stateToken: stateTokenOf(t) }));
      return { ...resumed, stateToken: typeof resumed.stateToken, expiresAt: typeof resumed.expiresAt };
    };
    assert.deepEqual(await shape(unknown), await shape(known));
  });
});
