import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticatorKey, IdxFeature, IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { TestClock, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { ACCOUNT, lockOut as lockOutOn, startPhoneAccountServer } from '../support/accountOrg.js';
import { codeIn } from '../support/outbox.js';
import { interact, introspect, messageKeys, remediationNames, submit, type Json } from '../support/idx.js';

/**
 * Self-service unlock (`idx.unlockAccount`) end to end with @okta/okta-auth-js: the password policy
 * says who may unlock and with what (the email here); an unknown user, a user who is not locked and
 * one whose policy denies unlock go through the same steps as a locked one.
 */

/** Someone with an enrolled phone; the org unlocks (and recovers) with the email and by SMS. */
const PHONE = { login: 'phil@example.com', number: '+14155550401' };

/** Moved past the phone's cool-down (one code per number each 30 seconds) before each code by SMS. */
const clock = new TestClock();
let server: TestServer;
let issuer: string;

before(async () => {
  server = await startPhoneAccountServer(['email', 'sms'], PHONE, clock);
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const lockOut = (login: string) => lockOutOn(server.url, login);
const client = (clientId: string = TEST.spa.clientId) => oktaAuth({ issuer, clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'email'] });

/** Every email sent to an address so far (the development outbox), newest first. */
async function emailsTo(to: string): Promise<string[]> {
  const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(to)}&limit=50`);
  return ((await r.json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
}

/** Unlock with the email: the challenge it answers after the username and the authenticator are chosen. */
async function startUnlock(login: string, clientId?: string) {
  const auth = client(clientId);
  const challenge = await auth.idx.unlockAccount({ username: login, authenticator: AuthenticatorKey.OKTA_EMAIL });
  assert.equal(challenge.status, IdxStatus.PENDING, JSON.stringify(challenge.messages));
  assert.equal(challenge.nextStep?.name, 'challenge-authenticator');
  assert.equal(challenge.nextStep?.authenticator?.key, 'okta_email');
  return { auth, challenge };
}

describe('self-service unlock with @okta/okta-auth-js', () => {
  it('the identify step offers unlock-account: okta-auth-js sees the ACCOUNT_UNLOCK feature', async () => {
    const started = await client().idx.start();
    assert.ok(started.enabledFeatures?.includes(IdxFeature.ACCOUNT_UNLOCK), JSON.stringify(started.enabledFeatures));
  });

  it('a locked user unlocks with the emailed code; the app asks the password only, so the unlock ends there and they sign in as usual', async () => {
    await lockOut(ACCOUNT.locked);
    const { auth } = await startUnlock(ACCOUNT.locked);
    const [text] = await emailsTo(ACCOUNT.locked);
    const done = await auth.idx.proceed({ verificationCode: codeIn(text) });
    assert.equal(done.status, IdxStatus.TERMINAL, JSON.stringify(done));
    assert.deepEqual(done.messages?.map((m) => m.i18n?.key), ['oie.selfservice.unlock_user.success.message']);
    const signedIn = await client().idx.authenticate({ username: ACCOUNT.locked, password: TEST.password });
    assert.equal(signedIn.status, IdxStatus.SUCCESS, JSON.stringify(signedIn.messages));
  });

  it('where the app asks two factors the sign-in goes on after the unlock: the email counts, the password completes it', async () => {
    await lockOut(ACCOUNT.locked);
    const { auth } = await startUnlock(ACCOUNT.locked, ACCOUNT.twoFactorSpa);
    const [text] = await emailsTo(ACCOUNT.locked);
    const next = await auth.idx.proceed({ verificationCode: codeIn(text) });
    assert.equal(next.status, IdxStatus.PENDING, JSON.stringify(next.messages));
    assert.ok(next.messages?.some((m) => m.i18n?.key === 'oie.selfservice.unlock_user.landing.to.app.success.message'), JSON.stringify(next.messages));
    assert.equal(next.nextStep?.authenticator?.key, 'okta_password');
    const done = await auth.idx.proceed({ password: TEST.password });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.deepEqual(done.tokens?.idToken?.claims.amr, ['email', 'pwd', 'mfa']);
  });

  it('a wrong code does not unlock; the account stays locked', async () => {
    await lockOut(ACCOUNT.locked);
    const { auth } = await startUnlock(ACCOUNT.locked);
    const code = codeIn((await emailsTo(ACCOUNT.locked))[0]);
    const wrong = await auth.idx.proceed({ verificationCode: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.messages?.[0]?.i18n?.key, 'api.authn.error.PASSCODE_INVALID');
    const refused = await client().idx.authenticate({ username: ACCOUNT.locked, password: TEST.password });
    assert.equal(refused.messages?.[0]?.i18n?.key, 'authfactor.challenge.suspended_factor');
    const done = await auth.idx.proceed({ verificationCode: code });
    assert.equal(done.status, IdxStatus.TERMINAL);
  });

  it('a user whose password policy denies unlock proves the email, then is told they may not; still locked', async () => {
    await lockOut(ACCOUNT.noUnlock);
    const { auth } = await startUnlock(ACCOUNT.noUnlock);
    const done = await auth.idx.proceed({ verificationCode: codeIn((await emailsTo(ACCOUNT.noUnlock))[0]) });
    assert.equal(done.status, IdxStatus.TERMINAL);
    assert.deepEqual(done.messages?.map((m) => m.i18n?.key), ['oie.selfservice.unlock_user.challenge.failed.permissions']);
    const refused = await client().idx.authenticate({ username: ACCOUNT.noUnlock, password: TEST.password });
    assert.equal(refused.messages?.[0]?.i18n?.key, 'authfactor.challenge.suspended_factor');
  });

  it('an unknown user goes through the same steps; nothing is sent and no code unlocks', async () => {
    const { auth, challenge } = await startUnlock(ACCOUNT.unknown);
    assert.match(String(challenge.nextStep?.authenticator?.profile?.email), /^n\*+y@e\*+e\.com$/, 'the typed address, masked as a real one is');
    assert.deepEqual(await emailsTo(ACCOUNT.unknown), []);
    const wrong = await auth.idx.proceed({ verificationCode: '123456' });
    assert.equal(wrong.messages?.[0]?.i18n?.key, 'api.authn.error.PASSCODE_INVALID');
  });
});

describe('unlock by SMS with @okta/okta-auth-js', () => {
  const textedCode = async () => codeIn((await emailsTo(PHONE.number))[0]);

  it('a locked user unlocks with a code by SMS; the app asks the password only, so they then sign in as usual', async () => {
    clock.advance(31_000);
    await lockOut(PHONE.login);
    const auth = client();
    const challenge = await auth.idx.unlockAccount({ username: PHONE.login, authenticator: AuthenticatorKey.PHONE_NUMBER, methodType: 'sms' });
    assert.equal(challenge.nextStep?.name, 'challenge-authenticator', JSON.stringify(challenge.messages));
    assert.equal(challenge.nextStep?.authenticator?.key, 'phone_number');
    assert.deepEqual(await emailsTo(PHONE.login), [], 'no email');
    const done = await auth.idx.proceed({ verificationCode: await textedCode() });
    assert.equal(done.status, IdxStatus.TERMINAL, JSON.stringify(done));
    assert.deepEqual(done.messages?.map((m) => m.i18n?.key), ['oie.selfservice.unlock_user.success.message']);
    assert.equal((await client().idx.authenticate({ username: PHONE.login, password: TEST.password })).status, IdxStatus.SUCCESS);
  });

  it('where the app asks two factors the sign-in goes on after the unlock: the phone counts, the password completes it', async () => {
    clock.advance(31_000);
    await lockOut(PHONE.login);
    const auth = client(ACCOUNT.twoFactorSpa);
    await auth.idx.unlockAccount({ username: PHONE.login, authenticator: AuthenticatorKey.PHONE_NUMBER, methodType: 'sms' });
    const next = await auth.idx.proceed({ verificationCode: await textedCode() });
    assert.equal(next.nextStep?.authenticator?.key, 'okta_password', JSON.stringify(next.messages));
    const done = await auth.idx.proceed({ password: TEST.password });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.deepEqual(done.tokens?.idToken?.claims.amr, ['sms', 'pwd', 'mfa']);
  });
});

/** What may differ between two people's answers: ids, handles, times and the masked address. */
const shape = (json: Json): string => JSON.stringify(json, (key, value) => (['stateHandle', 'expiresAt', 'id', 'value', 'email', 'identifier', 'href'].includes(key) && typeof value === 'string' ? '…' : value));

/** The unlock steps over raw HTTP up to the form that names the account, as okta-auth-js sends them. */
async function unlockForm(): Promise<Json> {
  const { json: { interaction_handle } } = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri });
  const identify = (await introspect(server.url, { interactionHandle: interaction_handle })).json;
  assert.deepEqual(remediationNames(identify), ['identify', 'unlock-account']);
  const select = (await submit(identify, 'unlock-account')).json;
  assert.deepEqual(remediationNames(select), ['select-authenticator-unlock-account']);
  return select;
}

/** The option of the unlock form for `label`'s authenticator. */
const optionOf = (select: Json, label: string): Json => select.remediation.value[0].value.find((f: Json) => f.name === 'authenticator').options.find((o: Json) => o.label === label);

describe('unlock on the wire: nothing tells the people apart', () => {
  /** The unlock steps over raw HTTP up to the challenge of `label`'s authenticator (by `methodType`, for the phone). */
  async function unlockChallenge(login: string, label = 'Email', methodType?: string): Promise<Json> {
    const select = await unlockForm();
    const form = Object.fromEntries(optionOf(select, label).value.form.value.map((f: Json) => [f.name, f.value]));
    const answer = await submit(select, 'select-authenticator-unlock-account', { identifier: login, authenticator: { ...form, ...(methodType && { methodType }) } });
    assert.equal(answer.status, 200);
    return answer.json;
  }

  it('the phone is offered by SMS only, as the password policies allow; a call is refused and nothing is sent', async () => {
    const select = await unlockForm();
    const methodType = optionOf(select, 'Phone').value.form.value.find((f: Json) => f.name === 'methodType');
    assert.deepEqual(methodType.options, [{ label: 'SMS', value: 'sms' }]);
    assert.deepEqual(select.authenticators.value.find((a: Json) => a.key === 'phone_number').methods, [{ type: 'sms' }]);
    const before = (await emailsTo(PHONE.number)).length;
    const refused = await submit(select, 'select-authenticator-unlock-account', { identifier: PHONE.login, authenticator: { id: optionOf(select, 'Phone').value.form.value[0].value, methodType: 'voice' } });
    assert.equal(refused.status, 400);
    assert.deepEqual(messageKeys(refused.json), ['E0000020']);
    assert.equal((await emailsTo(PHONE.number)).length, before);
  });

  it('by SMS, someone with a phone, someone without and an unknown name: the same challenge, no number shown', async () => {
    clock.advance(31_000);
    const [phone, noPhone, unknown] = await Promise.all([PHONE.login, ACCOUNT.notLocked, ACCOUNT.unknown].map((login) => unlockChallenge(login, 'Phone', 'sms')));
    assert.deepEqual(remediationNames(phone), ['challenge-authenticator', 'select-authenticator-authenticate']);
    assert.equal(phone.currentAuthenticatorEnrollment.value.profile, undefined);
    for (const other of [noPhone, unknown]) assert.equal(shape(other), shape(phone));
  });


  it('locked, not locked, denied by policy and unknown: the same challenge, shape for shape', async () => {
    await lockOut(ACCOUNT.locked);
    const [locked, notLocked, denied, unknown] = await Promise.all([ACCOUNT.locked, ACCOUNT.notLocked, ACCOUNT.noUnlock, ACCOUNT.unknown].map((login) => unlockChallenge(login)));
    assert.deepEqual(remediationNames(locked), ['challenge-authenticator', 'select-authenticator-authenticate']);
    for (const other of [notLocked, denied, unknown]) assert.equal(shape(other), shape(locked));
    assert.deepEqual(messageKeys(locked), []);
  });
});
