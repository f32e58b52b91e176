import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus, type IdxTransaction, type OktaAuth } from '@okta/okta-auth-js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';
import { importOrg } from '../../src/org/orgFile/import.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { IDLE_MINUTES, keepSignedInOrg } from '../support/keepSignedInOrg.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { codeIn, latestEmailText } from '../support/outbox.js';

type Json = any;

/** The SPA's rule asks "Stay signed in?" at most every two hours on a device. */
const PROMPT_EVERY_MINUTES = 120;
const org = (staySignedIn: 'BEFORE_SIGN_IN' | 'BEFORE_AND_AFTER_SIGN_IN', postAuth: 'ALLOWED' | 'NOT_ALLOWED') =>
  keepSignedInOrg(staySignedIn, { postAuth, postAuthPromptFrequency: `PT${PROMPT_EVERY_MINUTES / 60}H` });

const clock = new TestClock();
let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: org('BEFORE_SIGN_IN', 'ALLOWED'), clock });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

// okta-auth-js in step mode: it proceeds with a remediation it has no remediator for by naming it (`step`); legacy mode throws at one.
const client = (browser: CookieJar) => oktaAuth({
  issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], cookies: browser, maxClockSkew: 86_400, legacy: false,
});

/**
 * Signs in with okta-auth-js as a browser would (the password, then the email code when asked); answers
 * whether the MFA was asked and the transaction where it stands (the prompt, or signed in).
 */
async function signIn(browser: CookieJar, username: string, rememberMe?: boolean): Promise<{ mfa: boolean; tx: IdxTransaction; auth: OktaAuth }> {
  const auth = client(browser);
  await auth.idx.start();
  await auth.idx.proceed({ step: 'identify', username, ...(rememberMe !== undefined && { rememberMe }) });
  let tx = await auth.idx.proceed({ step: 'challenge-authenticator', credentials: { passcode: TEST.password } });
  const mfa = tx.nextStep?.name === 'challenge-authenticator';
  if (mfa) {
    assert.equal((tx.nextStep as Json)?.relatesTo?.value?.key, 'okta_email', JSON.stringify(tx.nextStep));
    tx = await auth.idx.proceed({ step: 'challenge-authenticator', credentials: { passcode: codeIn(await latestEmailText(server.url, username)) } });
  }
  return { mfa, tx, auth };
}

/** Answers the prompt the way okta-auth-js apps do: the remediation by name, with its one value. */
async function answer({ auth }: { auth: OktaAuth }, keepMeSignedIn: boolean): Promise<IdxTransaction> {
  // okta-auth-js types no such value: it posts whatever the remediation names.
  const tx = await auth.idx.proceed({ step: 'keep-me-signed-in', keepMeSignedIn } as Json);
  assert.equal(tx.status, IdxStatus.SUCCESS, JSON.stringify(tx.messages));
  return tx;
}

/** okta-auth-js starts and identifies `username` in a new browser; then the IDX forms are posted as they are (`post`). */
async function identifiedRaw(username: string): Promise<{ post: (path: string, body: Json) => Promise<{ status: number; json: Json }>; stateHandle: string }> {
  const browser = new CookieJar();
  const auth = client(browser);
  const ion = { 'content-type': 'application/ion+json; okta-version=1.0.0', accept: 'application/ion+json; okta-version=1.0.0' };
  const post = async (path: string, body: Json) => {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...ion, cookie: browser.header() }, body: JSON.stringify(body) });
    browser.remember(r.headers.getSetCookie());
    return { status: r.status, json: await r.json() };
  };
  await auth.idx.start();
  const { stateHandle } = (await auth.idx.proceed({ step: 'identify', username })).context as Json;
  return { post, stateHandle };
}

const asked = ({ tx }: { tx: IdxTransaction }) => tx.status === IdxStatus.PENDING && tx.nextStep?.name === 'keep-me-signed-in';
const idleOut = () => clock.advance((IDLE_MINUTES + 1) * 60_000);

async function useOrg(document: object) {
  await importOrg(server.lk.store, parseOrgFile(JSON.stringify(document), 'org.json'), clock.now());
  clock.advance(1500); // every process's configuration cache sees the change within a second
}

it('the app\'s rule allows the prompt (postAuth ALLOWED): after the last factor okta-auth-js sees keep-me-signed-in with its boolean', async () => {
  const signedIn = await signIn(new CookieJar(), TEST.user);
  assert.equal(signedIn.mfa, true);
  assert.ok(asked(signedIn), JSON.stringify(signedIn.tx.nextStep));
  const input = signedIn.tx.nextStep!.inputs!.find((i) => i.name === 'keepMeSignedIn');
  assert.equal(input?.type, 'boolean');
  assert.equal(input?.label, 'Stay signed in');
  assert.equal(signedIn.tx.tokens, undefined, 'no tokens before the answer');
});

it('"Stay signed in": a session cookie that outlives the browser, the device remembered for MFA, and not asked again within the frequency', async () => {
  const browser = new CookieJar();
  const signedIn = await signIn(browser, TEST.user);
  assert.ok(asked(signedIn));
  const done = await answer(signedIn, true);
  assert.ok(done.tokens?.idToken, 'signed in with tokens');
  assert.match(browser.lastSet('idx')!, /Expires=/);

  browser.restart();
  assert.equal((await client(browser).idx.start()).status, IdxStatus.SUCCESS, 'the session outlives the browser');

  idleOut();
  const again = await signIn(browser, TEST.user);
  assert.deepEqual([again.mfa, again.tx.status], [false, IdxStatus.SUCCESS], 'a new session on the remembered device: the password alone, no prompt');
});

it('"Don\'t stay signed in": the cookie ends with the browser, MFA is asked again, and the prompt only once the frequency has passed', async () => {
  const browser = new CookieJar();
  const signedIn = await signIn(browser, TEST.otherUser);
  assert.ok(asked(signedIn));
  await answer(signedIn, false);
  assert.doesNotMatch(browser.lastSet('idx')!, /Expires=/);

  browser.restart();
  const again = await signIn(browser, TEST.otherUser);
  assert.deepEqual([again.mfa, again.tx.status], [true, IdxStatus.SUCCESS], 'MFA again, not asked again within the frequency');

  browser.restart();
  clock.advance(PROMPT_EVERY_MINUTES * 60_000);
  assert.ok(asked(await signIn(browser, TEST.otherUser)), 'asked again once the frequency has passed');
});

it('the prompt is per device and user: another browser is asked', async () => {
  const first = await signIn(new CookieJar(), TEST.otherUser);
  assert.ok(asked(first));
  await answer(first, false);
  assert.ok(asked(await signIn(new CookieJar(), TEST.otherUser)));
});

it('signing out on the device (/oauth2/v1/logout) resets the prompt, as Okta\'s "end all sessions" does: asked again within the frequency', async () => {
  const browser = new CookieJar();
  const first = await signIn(browser, TEST.user);
  assert.ok(asked(first));
  const done = await answer(first, false);
  const logout = await fetch(`${issuer}/v1/logout?id_token_hint=${done.tokens!.idToken!.idToken}`, { headers: { cookie: browser.header() }, redirect: 'manual' });
  browser.remember(logout.headers.getSetCookie());
  assert.ok(asked(await signIn(browser, TEST.user)));
});

it('"Keep me signed in" chosen on the identify form: not asked after', async () => {
  const signedIn = await signIn(new CookieJar(), TEST.user, true);
  assert.deepEqual([signedIn.mfa, signedIn.tx.status], [true, IdxStatus.SUCCESS]);
});

it('the answer is refused before the sign-in is complete, and must be a boolean', async () => {
  const { post, stateHandle } = await identifiedRaw(TEST.otherUser);
  const early = await post('/idp/idx/keep-me-signed-in', { keepMeSignedIn: true, stateHandle });
  assert.equal(early.status, 400);
  assert.deepEqual(early.json.messages.value.map((m: Json) => m.i18n.key), ['E0000020']);
  assert.deepEqual(early.json.remediation.value.map((r: Json) => r.name), ['challenge-authenticator', 'select-authenticator-authenticate'], 'the password is still asked');

  await post('/idp/idx/challenge/answer', { credentials: { passcode: TEST.password }, stateHandle });
  const prompt = await post('/idp/idx/challenge/answer', { credentials: { passcode: codeIn(await latestEmailText(server.url, TEST.otherUser)) }, stateHandle });
  assert.deepEqual(prompt.json.remediation.value.map((r: Json) => r.name), ['keep-me-signed-in']);
  const wrong = await post('/idp/idx/keep-me-signed-in', { keepMeSignedIn: 'yes', stateHandle });
  assert.equal(wrong.status, 400);
  const field = wrong.json.remediation.value[0].value.find((f: Json) => f.name === 'keepMeSignedIn');
  assert.deepEqual(field.messages.value.map((m: Json) => m.i18n.key), ['model.validation.field.blank']);
  const done = await post('/idp/idx/keep-me-signed-in', { keepMeSignedIn: false, stateHandle });
  assert.ok(done.json.successWithInteractionCode, JSON.stringify(done.json.messages));
});

it('the org option decides with the rule: BEFORE_AND_AFTER_SIGN_IN asks unless the rule says NOT_ALLOWED', async () => {
  await useOrg(org('BEFORE_AND_AFTER_SIGN_IN', 'NOT_ALLOWED'));
  const refused = await signIn(new CookieJar(), TEST.user);
  assert.deepEqual([refused.mfa, refused.tx.status], [true, IdxStatus.SUCCESS], 'the rule refuses the prompt');

  await useOrg(keepSignedInOrg('BEFORE_AND_AFTER_SIGN_IN', {}));
  assert.ok(asked(await signIn(new CookieJar(), TEST.user)), 'the org option alone, every sign-in (no rule frequency)');

  await useOrg(keepSignedInOrg('NOT_ENABLED', { postAuth: 'ALLOWED' }));
  const off = await signIn(new CookieJar(), TEST.user);
  assert.equal(off.tx.status, IdxStatus.SUCCESS, 'NOT_ENABLED: no prompt whatever the rule says');
});

it('after a password recovery the sign-in ends with the prompt too (as Okta\'s widget expects after reset-authenticator)', async () => {
  await useOrg(org('BEFORE_SIGN_IN', 'ALLOWED'));
  const { post, stateHandle } = await identifiedRaw(TEST.otherUser);
  const recovering = await post('/idp/idx/recover', { stateHandle });
  assert.equal(recovering.status, 200, JSON.stringify(recovering.json));
  const names = (state: Json) => state.remediation.value.map((r: Json) => r.name);
  assert.equal(recovering.json.currentAuthenticatorEnrollment.value.key, 'okta_email', 'the email, the only way to recover, is challenged');
  const reset = await post('/idp/idx/challenge/answer', { credentials: { passcode: codeIn(await latestEmailText(server.url, TEST.otherUser)) }, stateHandle });
  assert.deepEqual(names(reset.json), ['reset-authenticator'], JSON.stringify(reset.json.messages));
  const prompt = await post('/idp/idx/challenge/answer', { credentials: { passcode: 'Another-Horse-42' }, stateHandle });
  assert.deepEqual(names(prompt.json), ['keep-me-signed-in'], JSON.stringify(prompt.json.messages ?? prompt.json.remediation));
  const done = await post('/idp/idx/keep-me-signed-in', { keepMeSignedIn: true, stateHandle });
  assert.ok(done.json.successWithInteractionCode, JSON.stringify(done.json.messages));
});
