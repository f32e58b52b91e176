/**
 * Self-service registration and progressive profiling with @okta/okta-auth-js (`idx.register`,
 * `idx.proceed`), against a profile enrollment policy per app: sign-up on and off, email
 * verification before access, the registration inline hook (accepting, refusing, timing out,
 * failing) served by a local HTTP server, and existing users asked once for an attribute the policy
 * now requires.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus, type IdxTransaction, type ProceedOptions, type RegistrationOptions } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { REGISTRATION, registrationOrg, startRegistrationHook } from '../support/registrationOrg.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { capturingLogger } from '../support/logs.js';

const log = capturingLogger();
let server: TestServer;
let hook: Awaited<ReturnType<typeof startRegistrationHook>>;
let issuer: string;

before(async () => {
  hook = await startRegistrationHook();
  server = await startTestServer({ org: registrationOrg(hook.uri), logger: log.logger });
  issuer = `${server.url}/oauth2/default`;
});
after(async () => {
  await server.stop();
  await hook.stop();
});

const client = (clientId: string, legacy = true) => oktaAuth({ issuer, clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'email'], legacy });
const person = (email: string) => ({ email, firstName: 'Grace', lastName: 'Hopper', favoriteSport: 'sailing' });
/** The SDK's option types know only Okta's default attributes; it sends any the form asks. */
const register = (auth: ReturnType<typeof client>, values: Record<string, unknown>) => auth.idx.register(values as RegistrationOptions);
const proceed = (auth: ReturnType<typeof client>, values: Record<string, unknown>) => auth.idx.proceed(values as ProceedOptions);
const user = (login: string) => server.lk.store.users.findByLogin(login);
const fieldMessageKeys = (tx: IdxTransaction): string[] => (tx.messages ?? []).map((m) => m.i18n?.key ?? m.message);
/** The attributes an enroll-profile step asks: in step mode the SDK shows its userProfile form's fields as the input's value. */
const asked = (tx: IdxTransaction) => ((tx.nextStep?.inputs?.[0] as { value?: Array<{ name: string; required?: boolean }> } | undefined)?.value ?? []).map((f) => [f.name, f.required]);

/** From the enrollment of the password, which the default enrollment policy requires, to tokens (the optional email skipped). */
async function enrollPasswordAndFinish(auth: ReturnType<typeof client>, tx: IdxTransaction): Promise<IdxTransaction> {
  assert.equal(tx.status, IdxStatus.PENDING, JSON.stringify(tx.messages));
  assert.equal(tx.nextStep?.name, 'enroll-authenticator', 'the password, the only authenticator that can start the account, is set up at once');
  assert.equal(tx.nextStep?.authenticator?.key, 'okta_password');
  const after = await auth.idx.proceed({ password: 'Brand-New-Pass-77' });
  if (after.status === IdxStatus.SUCCESS) return after;
  assert.equal(after.nextStep?.name, 'select-authenticator-enroll', 'the optional email is offered at the first sign-in');
  assert.ok(after.nextStep?.canSkip);
  return auth.idx.proceed({ skip: true });
}

describe('self-service registration with @okta/okta-auth-js', () => {
  it('select-enroll-profile, enroll-profile, the required password: the new user lands signed in, in the target group', async () => {
    const auth = client(REGISTRATION.open);
    const email = 'grace@example.com';
    const tx = await register(auth, person(email));
    const done = await enrollPasswordAndFinish(auth, tx);
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.equal(done.tokens?.idToken?.claims.email, email);
    const created = await user(email);
    assert.equal(created?.status, 'ACTIVE');
    assert.equal(created?.profile.favoriteSport, 'sailing');
    assert.deepEqual(await server.lk.store.groups.groupNamesOf(created!.id), ['Engineering']);
    const registered = log.events().find((e) => e.eventType === 'user.lifecycle.create' && e.actor?.id === created!.id);
    assert.equal(registered?.actor?.alternateId, email, 'the registration is in the security log');
    // Registered once: the account now signs in like any other.
    const again = await client(REGISTRATION.open).idx.authenticate({ username: email, password: 'Brand-New-Pass-77' });
    assert.equal(again.status, IdxStatus.SUCCESS, JSON.stringify(again.messages));
  });

  it('the sign-up form asks the policy\'s attributes, as Okta writes them', async () => {
    const auth = client(REGISTRATION.open, false);
    await auth.idx.start();
    const form = await auth.idx.proceed({ step: 'select-enroll-profile' });
    assert.equal(form.nextStep?.name, 'enroll-profile');
    assert.deepEqual(asked(form), [['email', true], ['firstName', true], ['lastName', true], ['favoriteSport', true]]);
    assert.ok(form.rawIdxState.remediation?.value?.some((r) => r.name === 'select-identify'), 'back to sign in');
  });

  it('an email with an account already: Okta\'s notUniqueWithinOrg on the email, nobody created', async () => {
    const tx = await register(client(REGISTRATION.open), person(TEST.user));
    assert.equal(tx.status, IdxStatus.PENDING);
    assert.deepEqual(fieldMessageKeys(tx), ['registration.error.notUniqueWithinOrg']);
    assert.equal(tx.nextStep?.name, 'enroll-profile');
    assert.equal((await user(TEST.user))?.profile.favoriteSport, undefined, 'the existing account is untouched');
  });

  it('attribute validation: a malformed email, a too-short attribute', async () => {
    const bad = await register(client(REGISTRATION.open), { ...person('not-an-email'), favoriteSport: 'x' });
    assert.equal(bad.status, IdxStatus.PENDING);
    const keys = fieldMessageKeys(bad);
    assert.ok(keys.includes('registration.error.invalidLoginEmail'), keys.join());
    assert.ok(keys.includes('model.validation.field.string.minLength'), keys.join());
    assert.equal(await user('not-an-email'), undefined);
  });

  it('sign-up off for the app: no select-enroll-profile, and okta-auth-js refuses to register', async () => {
    const auth = client(REGISTRATION.closed, false);
    const start = await auth.idx.start();
    assert.ok(!start.availableSteps?.some((s) => s.name === 'select-enroll-profile'));
    await assert.rejects(register(client(REGISTRATION.closed), person('closed@example.com')), /Registration is not supported/);
  });

  it('email verification before access: STAGED until the emailed code is entered, then ACTIVE and signed in', async () => {
    const auth = client(REGISTRATION.verified);
    const email = 'verify.me@example.com';
    const tx = await register(auth, person(email));
    assert.equal((await user(email))?.status, 'STAGED');
    assert.equal(tx.nextStep?.authenticator?.key, 'okta_password');
    const afterPassword = await auth.idx.proceed({ password: 'Brand-New-Pass-77' });
    assert.equal(afterPassword.status, IdxStatus.PENDING, 'no access before the email is verified');
    assert.equal(afterPassword.nextStep?.authenticator?.key, 'okta_email');
    assert.ok(!afterPassword.nextStep?.canSkip, 'the email cannot be skipped');
    assert.equal((await user(email))?.status, 'STAGED');
    const done = await auth.idx.proceed({ verificationCode: codeIn(await latestEmailText(server.url, email)) });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    const activated = await user(email);
    assert.equal(activated?.status, 'ACTIVE');
    assert.ok(log.events().some((e) => e.eventType === 'user.lifecycle.activate' && e.actor?.id === activated!.id));
    assert.ok(activated?.emailVerifiedAt);
  });
});

describe('registration inline hook', () => {
  it('accepts: called with Okta\'s request (secret header, userProfile, no password) and its profile update is kept', async () => {
    const email = 'hooked@example.com';
    const auth = client(REGISTRATION.hooked);
    const done = await enrollPasswordAndFinish(auth, await register(auth, person(email)));
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    const call = hook.calls.find((c) => c.body.data.userProfile.email === email)!;
    assert.equal(call.headers.authorization, REGISTRATION.hookSecret);
    assert.equal(call.headers['x-hook-source'], 'latchkey-test');
    assert.equal(call.body.eventType, 'com.okta.user.pre-registration');
    assert.equal(call.body.requestType, 'self.service.registration');
    assert.equal(call.body.data.action, 'ALLOW');
    assert.deepEqual(call.body.data.userProfile, person(email));
    assert.equal((await user(email))?.profile.department, 'Approved');
  });

  it('refuses: its errorCauses summary shows on the email, nobody created', async () => {
    const email = 'deny@example.com';
    const tx = await register(client(REGISTRATION.hooked), person(email));
    assert.equal(tx.status, IdxStatus.PENDING);
    assert.deepEqual(tx.messages?.map((m) => m.message), ['Use your company address']);
    assert.equal(await user(email), undefined);
  });

  it('times out (3 s, tried twice): registration is refused with Okta\'s message, nobody created', async () => {
    const email = 'slow@example.com';
    const started = Date.now();
    const tx = await register(client(REGISTRATION.hooked), person(email));
    assert.ok(Date.now() - started >= 6000, 'two attempts of 3 s');
    assert.deepEqual(fieldMessageKeys(tx), ['registration.default.callbackhook.error']);
    assert.equal(hook.calls.filter((c) => c.body.data.userProfile.email === email).length, 2);
    assert.equal(await user(email), undefined);
  });

  it('fails (500 twice): refused alike', async () => {
    const tx = await register(client(REGISTRATION.hooked), person('broken@example.com'));
    assert.deepEqual(fieldMessageKeys(tx), ['registration.default.callbackhook.error']);
    assert.equal(await user('broken@example.com'), undefined);
  });
});

describe('progressive profiling', () => {
  it('an existing user lacking a now-required attribute is asked for it once, then signs in; the next sign-in does not ask', async () => {
    const auth = client(REGISTRATION.progressive, false);
    await auth.idx.start();
    await auth.idx.proceed({ step: 'identify', username: TEST.user });
    const askedFor = await auth.idx.proceed({ step: 'challenge-authenticator', credentials: { passcode: TEST.password } });
    assert.equal(askedFor.status, IdxStatus.PENDING);
    assert.equal(askedFor.nextStep?.name, 'enroll-profile');
    assert.deepEqual(asked(askedFor), [['favoriteSport', true]], 'only what the profile lacks');
    const blank = await proceed(auth, { step: 'enroll-profile', userProfile: { favoriteSport: '' } });
    assert.equal(blank.status, IdxStatus.PENDING);
    assert.deepEqual(fieldMessageKeys(blank), ['model.validation.field.blank'], 'required: it cannot be skipped by leaving it blank');
    const done = await proceed(auth, { step: 'enroll-profile', userProfile: { favoriteSport: 'chess' } });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.equal((await user(TEST.user))?.profile.favoriteSport, 'chess');

    const next = await client(REGISTRATION.progressive).idx.authenticate({ username: TEST.user, password: TEST.password });
    assert.equal(next.status, IdxStatus.SUCCESS, 'asked once');
  });
});
