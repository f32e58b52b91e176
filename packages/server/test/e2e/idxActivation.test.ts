import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { accountOrg } from '../support/accountOrg.js';
import { interact, introspect, messageKeys, postIdx, remediationNames, submit } from '../support/idx.js';
import { compareIon, describeDifference } from '../support/ionShape.js';
import { issueActivationToken } from '../../src/org/activation.js';
import { runCli } from '../support/process.js';

/**
 * Activation of imported (STAGED) and invited (PROVISIONED) users by activation token, with
 * @okta/okta-auth-js (`idx.register({ activationToken })`, which sends `activation_token` to
 * /v1/interact): they set a password under the policy and are signed in, ACTIVE. A token works once.
 */

/** Okta's answer to an invalid activation token, as recorded. */
const INVALID_TOKEN = JSON.parse(readFileSync(new URL('../../../../../shared/reference/okta-oauth2/error-activation-token-invalid.json', import.meta.url), 'utf8'));
const STAGED = 'stella@example.com';
/** Invited, with an address to send a new activation link to; and invited without one. */
const INVITED = 'ivy@example.com';
const NO_ADDRESS = 'nolan@example.com';
const PROVISIONED_LATER = 'paz@example.com';
const PROVISIONED = 'percy@example.com';
const NEW_PASSWORD = 'Brand-New-Horse-7';

let server: TestServer;
let issuer: string;

before(async () => {
  const org = accountOrg();
  org.users.push(
    { login: STAGED, status: 'STAGED', profile: { firstName: 'Stella' }, groups: ['Engineering'] } as never,
    { login: PROVISIONED, status: 'PROVISIONED', profile: { firstName: 'Percy' }, groups: ['Engineering'] } as never,
    { login: INVITED, status: 'PROVISIONED', profile: { firstName: 'Ivy' }, groups: ['Engineering'] } as never,
    { login: PROVISIONED_LATER, status: 'PROVISIONED', profile: { firstName: 'Paz' }, groups: ['Engineering'] } as never,
  );
  server = await startTestServer({ org });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

/** The remediations the interaction an activation token begins opens with (over raw HTTP, as okta-auth-js sends it). */
async function firstStepOf(activationToken: string): Promise<string[]> {
  const started = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { activation_token: activationToken } });
  assert.equal(started.status, 200, JSON.stringify(started.json));
  return remediationNames((await introspect(server.url, { interactionHandle: started.json.interaction_handle })).json);
}

const client = () => oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'email'] });
const tokenFor = async (login: string) => (await issueActivationToken(server.lk.store, login, Date.now()))!;

describe('activation by activation_token with @okta/okta-auth-js', () => {
  it('an imported (STAGED) user sets a password under the policy and is signed in, ACTIVE', async () => {
    const auth = client();
    const first = await auth.idx.register({ activationToken: await tokenFor(STAGED) });
    assert.equal(first.status, IdxStatus.PENDING, JSON.stringify(first.messages));
    assert.equal(first.nextStep?.name, 'enroll-authenticator');
    assert.equal(first.nextStep?.authenticator?.key, 'okta_password');
    const weak = await auth.idx.proceed({ password: 'short' });
    assert.notEqual(weak.status, IdxStatus.SUCCESS);
    const done = await auth.idx.proceed({ password: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.ok(done.tokens?.idToken);
    assert.equal((await server.lk.store.users.findByLogin(STAGED))?.status, 'ACTIVE');
    const again = await client().idx.authenticate({ username: STAGED, password: NEW_PASSWORD });
    assert.equal(again.status, IdxStatus.SUCCESS, 'signs in with the password from now on');
  });

  it('an invited (PROVISIONED) user too, with the token `latchkey admin activation-token` prints', async () => {
    const printed = await runCli(['admin', 'activation-token', '--login', PROVISIONED, '--database-url', server.database.url]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stderr, /activation token for percy@example\.com \(shown once/);
    const auth = client();
    await auth.idx.register({ activationToken: printed.stdout.trim() });
    const done = await auth.idx.proceed({ password: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.equal((await server.lk.store.users.findByLogin(PROVISIONED))?.status, 'ACTIVE');
  });

  it('a token works once; a newer one voids the older; an ACTIVE user gets none', async () => {
    const login = 'tess@example.com';
    await server.lk.store.users.insert({
      id: '00utess', login, status: 'STAGED', profile: { login, email: login }, passwordHash: null, passwordChangedAt: null,
      createdAt: Date.now(), updatedAt: Date.now(), lastLoginAt: null, emailVerifiedAt: Date.now(),
    });
    const older = await tokenFor(login);
    const token = await tokenFor(login);
    assert.deepEqual(await firstStepOf(older), ['request-activation-email'], 'the voided one: no longer valid, a new one may be asked');
    assert.equal((await firstStepOf(token))[0], 'enroll-authenticator', 'the newest works');
    assert.deepEqual(await firstStepOf(token), ['request-activation-email'], 'once');
    await server.lk.store.users.update('00utess', { status: 'ACTIVE' }, Date.now());
    const activated = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { activation_token: token } });
    assert.equal(activated.status, 400, 'the user is active: the link is answered as one nobody was given');
    assert.deepEqual(activated.json, INVALID_TOKEN);
    assert.equal(await issueActivationToken(server.lk.store, TEST.user, Date.now()), undefined);
    const cli = await runCli(['admin', 'activation-token', '--login', TEST.user, '--database-url', server.database.url]);
    assert.equal(cli.code, 2);
    assert.match(cli.stderr, /no user with login "ada@example\.com" awaits activation/);
    assert.equal(cli.stdout, '');
  });

  it("an invalid token: Okta's OAuth error at /v1/interact, which okta-auth-js reports", async () => {
    const answer = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { activation_token: 'not-a-token' } });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, INVALID_TOKEN, "Okta's recorded answer");
    await assert.rejects(client().idx.register({ activationToken: 'not-a-token' }), /The activation token is invalid/);
  });
});

describe('an activation link no longer valid: request-activation-email, with @okta/okta-auth-js', () => {
  const DAY = 24 * 3600_000;
  /** A token issued 8 days ago: past its 7 days. */
  const expiredTokenFor = async (login: string) => (await issueActivationToken(server.lk.store, login, Date.now() - 8 * DAY))!;
  const emailsTo = async (to: string) =>
    ((await (await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(to)}&limit=10`)).json()) as { messages: Array<{ kind: string; text: string }> }).messages;

  it('an expired link: Okta\'s message and form; asking sends a new link, which activates', async () => {
    const auth = client();
    const expired = await auth.idx.start({ activationToken: await expiredTokenFor(INVITED) });
    // okta-auth-js has no remediator of its own for it: the app proceeds by naming the step.
    assert.deepEqual(expired.neededToProceed?.map((r) => r.name), ['request-activation-email'], JSON.stringify(expired));
    assert.deepEqual(expired.messages?.map((m) => [m.i18n?.key, m.class]), [['idx.expired.activation.token', 'ERROR']]);
    assert.equal((expired.context as { user?: { value: { identifier: string } } }).user?.value.identifier, INVITED);

    const requested = await auth.idx.proceed({ step: 'request-activation-email' });
    assert.equal(requested.status, IdxStatus.TERMINAL, JSON.stringify(requested));
    assert.deepEqual(requested.messages?.map((m) => m.i18n?.key), ['idx.request.activation.email']);
    const [sent] = await emailsTo(INVITED);
    assert.equal(sent.kind, 'activation-link');
    const link = /(http\S+\/welcome\/(\S+))/.exec(sent.text)!;
    const landing = await fetch(link[1], { redirect: 'manual' });
    assert.equal(landing.status, 303);
    assert.equal(new URL(landing.headers.get('location')!, server.url).searchParams.get('activation_token'), decodeURIComponent(link[2]), 'the link opens the hosted sign-in with the token');

    const activating = client();
    const first = await activating.idx.register({ activationToken: decodeURIComponent(link[2]) });
    assert.equal(first.nextStep?.name, 'enroll-authenticator', JSON.stringify(first.messages));
    const done = await activating.idx.proceed({ password: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.equal((await server.lk.store.users.findByLogin(INVITED))?.status, 'ACTIVE');
  });

  it('on the wire, as Okta recorded them: request-activation-email.json, then terminal-request-activation-email-submitted.json', async () => {
    const reference = (file: string) => JSON.parse(readFileSync(new URL(`../../../../../shared/reference/okta-idx-responses/${file}`, import.meta.url), 'utf8'));
    const started = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { activation_token: await expiredTokenFor(PROVISIONED_LATER) } });
    const offered = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
    assert.equal(offered.status, 200);
    assert.deepEqual(compareIon(reference('request-activation-email.json'), offered.json).map(describeDifference), []);
    const requested = await submit(offered.json, 'request-activation-email');
    assert.equal(requested.status, 200);
    // Every state of ours offers cancel (start over), the terminal ones too; okta-auth-js and the widget still read this one as terminal.
    assert.deepEqual(compareIon(reference('terminal-request-activation-email-submitted.json'), requested.json).map(describeDifference), ['cancel: expected absent, got present']);
  });

  it('once per transaction; a user with no address is answered the same, and nothing is sent', async () => {
    await server.lk.store.users.insert({
      id: '00unolan', login: NO_ADDRESS, status: 'PROVISIONED', profile: { login: NO_ADDRESS }, passwordHash: null, passwordChangedAt: null,
      createdAt: Date.now(), updatedAt: Date.now(), lastLoginAt: null, emailVerifiedAt: null,
    });
    const auth = client();
    await auth.idx.start({ activationToken: await expiredTokenFor(NO_ADDRESS) });
    const requested = await auth.idx.proceed({ step: 'request-activation-email' });
    assert.deepEqual(requested.messages?.map((m) => m.i18n?.key), ['idx.request.activation.email']);
    assert.deepEqual(await emailsTo(NO_ADDRESS), []);
    assert.deepEqual(requested.neededToProceed, []);
    const again = await postIdx(`${server.url}/idp/idx/request-activation`, { stateHandle: requested.rawIdxState.stateHandle });
    assert.equal(again.status, 400, 'once per transaction');
    assert.deepEqual(messageKeys(again.json), ['idx.request.activation.email', 'E0000020']);
  });
});
