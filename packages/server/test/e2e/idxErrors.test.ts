import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { decodeJwt } from 'jose';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { oktaAuth } from '../support/oktaAuth.js';
import {
  ION, interact, interactionCodeOf, introspect, messageKeys, pkce, postIdx, redeem, relatesToPaths, remediation, remediationNames,
  resolveJsonPath, submit, token, type HttpAnswer, type Json,
} from '../support/idx.js';
import { issueAuthorizationCode } from '../../src/oauth/authorizationCodes.js';
import { systemClock } from '../../src/platform/clock.js';

/**
 * The IDX sign-in's errors over HTTP: each answers the right IDX error (an ion body whose
 * `messages.value[].i18n.key` names it, with the right status) or OAuth error JSON, never a 500.
 * okta-auth-js where a conforming client fits; raw HTTP for status lines and for what it never sends.
 */

const PEOPLE = {
  carol: 'carol@example.com',
  blocked: 'mallory@example.com',
  twoFactor: 'tess@example.com',
  lockable: 'lock-one@example.com',
  lockableToo: 'lock-two@example.com',
  suspended: 'sue@example.com',
  deprovisioned: 'dee@example.com',
  unknown: 'nobody-here@example.com',
};
const APPS = { noInteraction: 'spa-no-idx', denyGroup: 'spa-deny-group', denyNetwork: 'spa-deny-network', twoFactor: 'spa-2fa' };
const WRONG = 'Wrong-Password-1';

const passwordOnly1FA = { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] } }] } } };

/** testOrg() plus the people, apps and policies these errors need. */
function errorsOrg() {
  const base = testOrg();
  const person = (login: string, groups: string[]) => ({ login, profile: { firstName: login.split('@')[0] }, password: TEST.password, groups });
  const spa = (clientId: string, grantTypes = ['authorization_code', 'interaction_code']) => ({ clientId, label: clientId, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes });
  return {
    ...base,
    groups: [...base.groups, { name: 'Blocked' }, { name: 'Lockable' }],
    users: [
      ...base.users,
      person(PEOPLE.carol, ['Engineering']),
      person(PEOPLE.blocked, ['Engineering', 'Blocked']),
      person(PEOPLE.twoFactor, ['Engineering']),
      person(PEOPLE.lockable, ['Engineering', 'Lockable']),
      person(PEOPLE.lockableToo, ['Engineering', 'Lockable']),
      { ...person(PEOPLE.suspended, ['Engineering']), status: 'SUSPENDED' },
      { ...person(PEOPLE.deprovisioned, ['Engineering']), status: 'DEPROVISIONED' },
    ],
    apps: [...base.apps, spa(APPS.noInteraction, ['authorization_code']), spa(APPS.denyGroup), spa(APPS.denyNetwork), spa(APPS.twoFactor)],
    policies: [
      {
        type: 'ACCESS_POLICY', name: 'Deny a group', priority: 1, conditions: { apps: { include: [APPS.denyGroup] } },
        rules: [
          { name: 'Blocked people', priority: 1, conditions: { people: { groups: { include: ['Blocked'] } } }, actions: { appSignOn: { access: 'DENY' } } },
          { name: 'Everyone else', priority: 2, conditions: {}, actions: passwordOnly1FA },
        ],
      },
      {
        type: 'ACCESS_POLICY', name: 'Not from the loopback', priority: 2, conditions: { apps: { include: [APPS.denyNetwork] } },
        rules: [{ name: 'Off the loopback', priority: 1, conditions: { network: { exclude: ['127.0.0.0/8', '::1/128'] } }, actions: passwordOnly1FA }],
      },
      {
        type: 'ACCESS_POLICY', name: 'Two factors', priority: 3, conditions: { apps: { include: [APPS.twoFactor] } },
        rules: [{
          name: 'Password and another factor', priority: 1, conditions: {},
          actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] } }] } } },
        }],
      },
      {
        type: 'PASSWORD', name: 'Lock quickly', priority: 1, conditions: { people: { groups: { include: ['Lockable'] } } },
        settings: { password: { lockout: { maxAttempts: 3, autoUnlockMinutes: 1 } } },
      },
    ],
  };
}

/** okta-auth-js for one app of the server, with its own storage (legacy mode: authenticate() remediates by itself). */
const sdk = (server: TestServer, clientId: string = TEST.spa.clientId) =>
  oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'email', 'offline_access'] });

/** okta-auth-js's own parser: throws on what its clients cannot read (e.g. a relatesTo naming nothing). */
const parse = (server: TestServer, raw: Json, ok: boolean) => sdk(server).idx.makeIdxResponse(raw, {}, ok);

/** /v1/interact then introspect by the interaction handle, as okta-auth-js starts. */
async function begin(server: TestServer, clientId: string = TEST.spa.clientId) {
  const started = await interact(`${server.url}/oauth2/default`, { clientId, redirectUri: TEST.redirectUri, nonce: 'n-0S6_WzA2Mj' });
  assert.equal(started.status, 200, JSON.stringify(started.json));
  const interactionHandle = started.json.interaction_handle as string;
  const first = await introspect(server.url, { interactionHandle });
  assert.equal(first.status, 200, JSON.stringify(first.json));
  assert.deepEqual(remediationNames(first.json), ['identify']);
  return { pkce: started.pkce, interactionHandle, first: first.json };
}

/** begin(), then identify as `login`. */
async function identifiedAs(server: TestServer, login: string, clientId?: string) {
  const started = await begin(server, clientId);
  const identified = await submit(started.first, 'identify', { identifier: login });
  return { ...started, identified };
}

/** A complete password sign-in: the last response holds the interaction code. */
async function signIn(server: TestServer, login: string = TEST.user) {
  const s = await identifiedAs(server, login);
  assert.equal(s.identified.status, 200, JSON.stringify(s.identified.json));
  const done = await submit(s.identified.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } });
  assert.equal(done.status, 200, JSON.stringify(done.json));
  const code = interactionCodeOf(done.json);
  assert.ok(code, 'successWithInteractionCode holds an interaction_code');
  return { ...s, done, code };
}

const answerPassword = (state: Json, passcode: string) => submit(state, 'challenge-authenticator', { credentials: { passcode } });

/** A terminal IDX error: the status, ion, one ERROR message with that key, and nothing left to do. */
function assertTerminal(a: HttpAnswer, status: number, keys: string | string[]) {
  assert.equal(a.status, status, JSON.stringify(a.json));
  assert.equal(a.contentType, ION, `${a.contentType}`);
  assert.equal(a.json.version, '1.0.0');
  const [key] = messageKeys(a.json);
  assert.ok((Array.isArray(keys) ? keys : [keys]).includes(key), `message key ${key} in ${JSON.stringify(a.json)}`);
  assert.equal(a.json.messages.value.length, 1);
  assert.equal(a.json.messages.value[0].class, 'ERROR');
  assert.equal(typeof a.json.messages.value[0].message, 'string');
  assert.equal(a.json.remediation, undefined, 'no remediation');
  assert.equal(a.json.successWithInteractionCode, undefined);
  const actions = Object.entries(a.json).filter(([, v]) => v && typeof v === 'object' && 'rel' in (v as object)).map(([k]) => k);
  assert.deepEqual(actions, [], 'no top-level actions (cancel included)');
}

const expiredKey = 'idx.session.expired';
/** What Okta answers for a request it cannot act on (its recorded 400: E0000020 "Bad request."). */
const malformedKeys = ['E0000020'];

describe('IDX sign-in errors over HTTP', () => {
  let server: TestServer;
  // Most tests sign Ada in, more than the identify limit allows in 5 minutes; these tests are about
  // errors, not limits (idxRateLimit.test.ts), so each begins with no counts. (Moving a test clock
  // instead would put the tokens' iat in okta-auth-js's future.)
  beforeEach(() => server.lk.store.rateLimits.purgeBefore(Number.MAX_SAFE_INTEGER));
  before(async () => {
    server = await startTestServer({ org: errorsOrg() });
    // A user whose only factor is a password: imported users get their login as email, which
    // would enroll them in the email authenticator; this one's email is taken away.
    const tess = (await server.lk.store.users.findByLogin(PEOPLE.twoFactor))!;
    const { email: _email, ...profile } = tess.profile;
    await server.lk.store.users.update(tess.id, { profile }, Date.now());
  });
  after(() => server.stop());

  it('a wrong password: 401 ion, incorrectPassword, the password challenge still offered, every relatesTo resolves', async () => {
    const { identified } = await identifiedAs(server, TEST.user);
    assert.equal(identified.status, 200, JSON.stringify(identified.json));
    const wrong = await answerPassword(identified.json, WRONG);
    assert.equal(wrong.status, 401);
    assert.equal(wrong.contentType, ION, `${wrong.contentType}`);
    const body = wrong.json;
    assert.equal(body.version, '1.0.0');
    assert.equal(body.stateHandle, identified.json.stateHandle, 'the same transaction goes on');
    assert.deepEqual(body.messages, { type: 'array', value: [{ message: 'Password is incorrect', i18n: { key: 'incorrectPassword' }, class: 'ERROR' }] });

    const names = remediationNames(body);
    assert.ok(names.includes('challenge-authenticator'), JSON.stringify(names));
    assert.equal(new Set(names).size, names.length, 'form names are unique');
    for (const form of body.remediation.value) {
      assert.deepEqual(form.rel, ['create-form']);
      assert.equal(form.method, 'POST');
      assert.ok(form.href.startsWith(`${server.url}/idp/idx/`), form.href);
      const handle = form.value.find((f: Json) => f.name === 'stateHandle');
      assert.deepEqual({ value: handle?.value, mutable: handle?.mutable }, { value: body.stateHandle, mutable: false });
    }
    const challenge = remediation(body, 'challenge-authenticator');
    assert.equal(challenge.href, `${server.url}/idp/idx/challenge/answer`);
    const credentials = challenge.value.find((f: Json) => f.name === 'credentials');
    assert.deepEqual(credentials.form.value.map((f: Json) => f.name), ['passcode']);
    assert.equal(body.currentAuthenticatorEnrollment.value.key, 'okta_password');
    // `$.currentAuthenticatorEnrollment` names the ion object; its value is the authenticator.
    assert.equal(resolveJsonPath(body, challenge.relatesTo[0])?.value?.key, 'okta_password');

    const paths = relatesToPaths(body);
    assert.ok(paths.length > 0);
    for (const path of paths) assert.notEqual(resolveJsonPath(body, path), undefined, `relatesTo ${path} resolves`);
    // okta-auth-js reads it as the next state (it throws on a relatesTo that resolves to nothing).
    const parsed = parse(server, body, false);
    assert.ok(parsed.neededToProceed.some((r) => r.name === 'challenge-authenticator'));

    const right = await answerPassword(body, TEST.password);
    assert.equal(right.status, 200, JSON.stringify(right.json));
    assert.ok(interactionCodeOf(right.json));
  });

  // Fastify used to rewrite the media type to `okta-version="1.0.0"; charset=utf-8` (fixed in 126fd71).
  it('every IDX answer, success or error, says exactly "application/ion+json; okta-version=1.0.0"', async () => {
    const { first, identified } = await identifiedAs(server, TEST.user);
    const wrong = await answerPassword(identified.json, WRONG);
    const expired = await introspect(server.url, { stateToken: 'garbage' });
    const malformed = await postIdx(`${server.url}/idp/idx/identify`, `{"stateHandle":"${first.stateHandle}",`, { 'Content-Type': 'application/json' });
    for (const [what, a] of Object.entries({ identified, wrong, expired, malformed })) assert.equal(a.contentType, ION, what);
  });

  it('an unknown user gets the same answers as a wrong password: same status, keys and forms', async () => {
    const known = await identifiedAs(server, TEST.user);
    const unknown = await identifiedAs(server, PEOPLE.unknown);
    const shape = (a: HttpAnswer) => ({
      status: a.status,
      contentType: a.contentType,
      keys: Object.keys(a.json).sort(),
      messages: messageKeys(a.json),
      remediations: remediationNames(a.json),
      fields: a.json.remediation?.value.map((r: Json) => r.value.map((f: Json) => f.name)),
      current: a.json.currentAuthenticatorEnrollment?.value?.key,
      enrollments: a.json.authenticatorEnrollments?.value.map((e: Json) => e.key),
      relatesTo: relatesToPaths(a.json),
    });
    assert.deepEqual(shape(unknown.identified), shape(known.identified), 'after identify');
    const knownWrong = await answerPassword(known.identified.json, WRONG);
    const unknownWrong = await answerPassword(unknown.identified.json, WRONG);
    assert.equal(knownWrong.status, 401);
    assert.deepEqual(shape(unknownWrong), shape(knownWrong), 'after a password');
    assert.deepEqual(unknownWrong.json.messages, knownWrong.json.messages);
    // Even the right password of some real account says nothing more.
    const unknownRight = await answerPassword(unknownWrong.json, TEST.password);
    assert.deepEqual(shape(unknownRight), shape(knownWrong));
  });

  it('suspended and deprovisioned users, even with their right password, get exactly what an unknown user gets', async () => {
    const shape = (a: HttpAnswer) => ({
      status: a.status, keys: Object.keys(a.json).sort(), messages: a.json.messages, remediations: remediationNames(a.json),
      current: a.json.currentAuthenticatorEnrollment?.value?.key,
    });
    const unknown = await identifiedAs(server, PEOPLE.unknown);
    const unknownAnswer = await answerPassword(unknown.identified.json, TEST.password);
    assert.equal(unknownAnswer.status, 401);
    for (const login of [PEOPLE.suspended, PEOPLE.deprovisioned]) {
      const s = await identifiedAs(server, login);
      assert.deepEqual(shape(s.identified), shape(unknown.identified), login);
      const answered = await answerPassword(s.identified.json, TEST.password);
      assert.deepEqual(shape(answered), shape(unknownAnswer), login);
      assert.equal(interactionCodeOf(answered.json), undefined);
    }
  });

  it('no stateHandle: 400, terminal, at every endpoint', async () => {
    const bodies: Array<[string, Json]> = [
      ['introspect', {}],
      ['identify', { identifier: TEST.user }],
      ['challenge/answer', { credentials: { passcode: TEST.password } }],
      ['challenge', { authenticator: { id: 'aut1' } }],
      ['cancel', {}],
      ['identify', { stateHandle: '', identifier: TEST.user }],
      ['identify', { stateHandle: 42, identifier: TEST.user }],
    ];
    for (const [path, body] of bodies) {
      const a = await postIdx(`${server.url}/idp/idx/${path}`, body);
      assertTerminal(a, 400, malformedKeys);
    }
  });

  it('a forged or garbage stateHandle: 401 idx.session.expired, terminal', async () => {
    const { identified } = await identifiedAs(server, TEST.user);
    const real = identified.json.stateHandle as string;
    const dot = real.lastIndexOf('.');
    const flipped = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
    const forged = [
      'garbage',
      'not.a-handle',
      flipped,
      `${real.slice(0, dot)}.${'x'.repeat(43)}`,
      `ftx${'a'.repeat(24)}${real.slice(dot)}`,
      `${real}${real}`,
      'x'.repeat(5000),
    ];
    for (const handle of forged) {
      assertTerminal(await introspect(server.url, { stateToken: handle }), 401, expiredKey);
      assertTerminal(await postIdx(`${server.url}/idp/idx/identify`, { stateHandle: handle, identifier: TEST.user }), 401, expiredKey);
      assertTerminal(await postIdx(`${server.url}/idp/idx/challenge/answer`, { stateHandle: handle, credentials: { passcode: TEST.password } }), 401, expiredKey);
    }
    assertTerminal(await introspect(server.url, { interactionHandle: 'no-such-interaction-handle' }), 401, expiredKey);
    // A forged session cookie is no session: the sign-in goes on as without one.
    const withCookie = await postIdx(`${server.url}/idp/idx/introspect`, { stateToken: real }, { 'Content-Type': ION, Accept: ION, Cookie: 'idx=forged-session-token; sid=x' });
    assert.equal(withCookie.status, 200, JSON.stringify(withCookie.json));
    assert.ok(remediation(withCookie.json, 'challenge-authenticator'));
    // The real transaction was not disturbed.
    const right = await answerPassword(identified.json, TEST.password);
    assert.equal(right.status, 200, JSON.stringify(right.json));
  });

  it('a stateHandle replayed after success: 401 idx.session.expired, terminal', async () => {
    const { done, interactionHandle } = await signIn(server);
    const handle = done.json.stateHandle as string;
    assertTerminal(await introspect(server.url, { stateToken: handle }), 401, expiredKey);
    assertTerminal(await introspect(server.url, { interactionHandle }), 401, expiredKey);
    assertTerminal(await postIdx(`${server.url}/idp/idx/identify`, { stateHandle: handle, identifier: TEST.otherUser }), 401, expiredKey);
    assertTerminal(await postIdx(`${server.url}/idp/idx/challenge/answer`, { stateHandle: handle, credentials: { passcode: TEST.password } }), 401, expiredKey);
    assertTerminal(await postIdx(`${server.url}/idp/idx/cancel`, { stateHandle: handle }), 401, expiredKey);
    // The success response's own cancel, as a client would submit it.
    if (done.json.cancel) assertTerminal(await submit(done.json, 'cancel'), 401, expiredKey);
  });

  it('interaction codes: single use, PKCE-bound, redirect-bound, client-bound, and never an authorization code', async () => {
    const issuer = `${server.url}/oauth2/default`;
    const base = { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri };

    const a = await signIn(server);
    const first = await redeem(issuer, { ...base, interactionCode: a.code, verifier: a.pkce.verifier });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    assert.ok(first.json.access_token && first.json.id_token);
    const replay = await redeem(issuer, { ...base, interactionCode: a.code, verifier: a.pkce.verifier });
    assert.equal(replay.status, 400);
    assert.equal(replay.json.error, 'invalid_grant');

    const b = await signIn(server);
    const wrongVerifier = await redeem(issuer, { ...base, interactionCode: b.code, verifier: pkce().verifier });
    assert.equal(wrongVerifier.status, 400);
    // shared/reference/okta-oauth2/error-token-invalid-grant-pkce.json
    assert.deepEqual(wrongVerifier.json, { error: 'invalid_grant', error_description: 'PKCE verification failed.' });

    const c = await signIn(server);
    const asCode = await token(issuer, { grant_type: 'authorization_code', code: c.code, client_id: base.clientId, redirect_uri: base.redirectUri, code_verifier: c.pkce.verifier });
    assert.equal(asCode.status, 400);
    assert.equal(asCode.json.error, 'invalid_grant');

    const d = await signIn(server);
    const otherRedirect = await token(issuer, { grant_type: 'interaction_code', interaction_code: d.code, client_id: base.clientId, redirect_uri: 'http://localhost:3000/elsewhere', code_verifier: d.pkce.verifier });
    assert.equal(otherRedirect.status, 400);
    assert.equal(otherRedirect.json.error, 'invalid_grant');

    const e = await signIn(server);
    const otherClient = await redeem(issuer, { ...base, clientId: APPS.twoFactor, interactionCode: e.code, verifier: e.pkce.verifier });
    assert.equal(otherClient.status, 400);
    assert.equal(otherClient.json.error, 'invalid_grant');

    // An authorization code (from /authorize) is not an interaction code.
    const verifier = pkce();
    const ada = (await server.lk.store.users.findByLogin(TEST.user))!;
    const authorizationCode = await issueAuthorizationCode(server.lk.store, systemClock, await server.lk.store.apps.findByClientId(base.clientId), {
      clientId: base.clientId, serverId: 'default', userId: ada.id, redirectUri: base.redirectUri, scopes: ['openid'],
      codeChallenge: verifier.challenge, codeChallengeMethod: 'S256', authTime: Date.now(), amr: ['pwd'],
    });
    const codeAsInteraction = await redeem(issuer, { ...base, interactionCode: authorizationCode, verifier: verifier.verifier });
    assert.equal(codeAsInteraction.status, 400);
    assert.equal(codeAsInteraction.json.error, 'invalid_grant');

    const garbage = await redeem(issuer, { ...base, interactionCode: 'not-a-code', verifier: verifier.verifier });
    assert.equal(garbage.status, 400);
    assert.equal(garbage.json.error, 'invalid_grant');
  });

  it('/v1/interact refuses what it must: no interaction_code grant, unregistered redirect_uri, no PKCE, unknown client', async () => {
    const issuer = `${server.url}/oauth2/default`;
    const featureOff = await interact(issuer, { clientId: APPS.noInteraction, redirectUri: TEST.redirectUri });
    assert.equal(featureOff.status, 400);
    // Exactly shared/reference/okta-oauth2/error-feature-not-enabled.json
    assert.deepEqual(featureOff.json, { error: 'access_denied', error_description: 'The requested feature is not enabled in this environment.' });

    const redirect = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: 'http://localhost:3000/not-registered' });
    assert.equal(redirect.status, 400);
    assert.equal(redirect.json.error, 'invalid_request');

    const noChallenge = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { code_challenge: undefined } });
    assert.equal(noChallenge.status, 400);
    assert.equal(noChallenge.json.error, 'invalid_request');

    const plain = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { code_challenge_method: 'plain' } });
    assert.equal(plain.status, 400);
    assert.equal(plain.json.error, 'invalid_request');

    const unknown = await interact(issuer, { clientId: 'no-such-client', redirectUri: TEST.redirectUri });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.json.error, 'invalid_client');

    const noClient = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { client_id: undefined } });
    assert.equal(noClient.status, 401);
    assert.equal(noClient.json.error, 'invalid_client');

    const scope = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'no:such:scope'] });
    assert.equal(scope.status, 400);
    assert.equal(scope.json.error, 'invalid_scope');

    for (const r of [featureOff, redirect, noChallenge, plain, unknown, noClient, scope]) {
      assert.match(r.contentType ?? '', /^application\/json/);
      assert.equal(typeof r.json.error_description, 'string');
    }
  });

  it('a DENY rule for a group: after identify, 403 security.access_denied, terminal; others still sign in', async () => {
    const denied = await identifiedAs(server, PEOPLE.blocked, APPS.denyGroup);
    assertTerminal(denied.identified, 403, 'security.access_denied');
    assert.equal(denied.identified.json.messages.value[0].message, 'You do not have permission to perform the requested action.');
    // Still denied when the client introspects again.
    assertTerminal(await introspect(server.url, { stateToken: denied.first.stateHandle }), 403, 'security.access_denied');

    const allowed = await identifiedAs(server, TEST.user, APPS.denyGroup);
    assert.equal(allowed.identified.status, 200);
    assert.ok(remediation(allowed.identified.json, 'challenge-authenticator'));

    const auth = sdk(server, APPS.denyGroup);
    const tx = await auth.idx.authenticate({ username: PEOPLE.blocked, password: TEST.password });
    assert.equal(tx.status, IdxStatus.TERMINAL, JSON.stringify(tx));
    assert.equal(tx.messages?.[0]?.i18n?.key, 'security.access_denied');
  });

  it('a network rule that excludes the loopback: 403 security.access_denied after identify, terminal', async () => {
    const known = await identifiedAs(server, TEST.user, APPS.denyNetwork);
    assertTerminal(known.identified, 403, 'security.access_denied');
    const unknown = await identifiedAs(server, PEOPLE.unknown, APPS.denyNetwork);
    assertTerminal(unknown.identified, 403, 'security.access_denied');

    const auth = sdk(server, APPS.denyNetwork);
    const tx = await auth.idx.authenticate({ username: TEST.user, password: TEST.password });
    assert.equal(tx.status, IdxStatus.TERMINAL, JSON.stringify(tx));
    assert.equal(tx.messages?.[0]?.i18n?.key, 'security.access_denied');
  });

  it('malformed bodies and wrong content types: 4xx ion answers, never a 500; the transaction goes on', async () => {
    const { first } = await begin(server);
    const handle = first.stateHandle as string;
    const url = `${server.url}/idp/idx/identify`;
    const cut = `{"stateHandle":"${handle}","identifier":`;
    const malformed: Array<[string, string]> = [
      ['application/json', cut],
      ['application/ion+json; okta-version=1.0.0', cut],
      ['application/vnd.okta.v1+json', cut],
      ['application/json', ''],
      ['application/json', '[1,2,3]'],
      ['application/json', '"just a string"'],
      ['application/json', 'null'],
    ];
    for (const [type, body] of malformed) {
      const a = await postIdx(url, body, { 'Content-Type': type, Accept: ION });
      assertTerminal(a, 400, malformedKeys);
    }
    const wrongTypes: Array<[string, string]> = [
      ['text/plain', JSON.stringify({ stateHandle: handle, identifier: TEST.user })],
      ['application/xml', `<identify><stateHandle>${handle}</stateHandle></identify>`],
      ['application/x-www-form-urlencoded', new URLSearchParams({ stateHandle: handle, identifier: TEST.user }).toString()],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="stateHandle"\r\n\r\n${handle}\r\n--x--\r\n`],
    ];
    for (const [type, body] of wrongTypes) {
      const a = await postIdx(url, body, { 'Content-Type': type, Accept: ION });
      assert.ok(a.status >= 400 && a.status < 500, `${type}: ${a.status} ${JSON.stringify(a.json)}`);
      assert.equal(a.contentType, ION, `${type}: ${a.contentType}`);
      assert.equal(a.json.messages?.value?.[0]?.class, 'ERROR', type);
      assert.equal(a.json.remediation, undefined, type);
    }
    // Over the body limit (128 KiB by default).
    const huge = await postIdx(url, JSON.stringify({ stateHandle: handle, identifier: 'x'.repeat(256 * 1024) }), { 'Content-Type': 'application/json', Accept: ION });
    assert.equal(huge.status, 413, JSON.stringify(huge.json));
    assert.equal(huge.contentType, ION, `${huge.contentType}`);
    assert.equal(huge.json.messages?.value?.[0]?.class, 'ERROR');
    // Fields of the wrong type are validation errors on the form, not crashes.
    const objectIdentifier = await submit(first, 'identify', { identifier: { $ne: '' } });
    assert.ok(objectIdentifier.status >= 400 && objectIdentifier.status < 500, JSON.stringify(objectIdentifier.json));
    assert.equal(objectIdentifier.contentType, ION, `${objectIdentifier.contentType}`);

    const ok = await submit(first, 'identify', { identifier: TEST.user });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    // An authenticator that was not offered: a 400 on the same state, whose forms are still there.
    const notOffered = await submit(ok.json, 'select-authenticator-authenticate', { authenticator: { id: 'autNoSuchThing' } });
    assert.equal(notOffered.status, 400, JSON.stringify(notOffered.json));
    assert.equal(notOffered.json.messages?.value?.[0]?.class, 'ERROR');
    assert.ok(remediation(notOffered.json, 'challenge-authenticator'));
    const oddCredentials = await submit(ok.json, 'challenge-authenticator', { credentials: 'Correct-Horse-9' });
    assert.equal(oddCredentials.status, 401, JSON.stringify(oddCredentials.json));
    assert.deepEqual(messageKeys(oddCredentials.json), ['incorrectPassword']);
    const right = await answerPassword(oddCredentials.json, TEST.password);
    assert.equal(right.status, 200, JSON.stringify(right.json));
  });

  it('cancel ends the transaction (its stateHandle and interaction handle answer expired) and answers identify of a new one; then another user signs in', async () => {
    const s = await identifiedAs(server, TEST.user);
    const handle = s.identified.json.stateHandle;
    const canceled = await submit(s.identified.json, 'cancel');
    assert.equal(canceled.status, 200, JSON.stringify(canceled.json));
    assert.equal(canceled.contentType, ION, `${canceled.contentType}`);
    assert.notEqual(canceled.json.stateHandle, handle, 'a new transaction');
    assert.deepEqual(remediationNames(canceled.json), ['identify']);
    assert.equal(canceled.json.user, undefined, 'the identified user is forgotten');
    assert.equal(canceled.json.currentAuthenticatorEnrollment, undefined);
    assert.equal(canceled.json.messages, undefined);
    assertTerminal(await introspect(server.url, { stateToken: handle }), 401, expiredKey);
    assertTerminal(await introspect(server.url, { interactionHandle: s.interactionHandle }), 401, expiredKey);
    assertTerminal(await answerPassword(s.identified.json, TEST.password), 401, expiredKey);
    assertTerminal(await submit(s.identified.json, 'cancel'), 401, expiredKey);

    const other = await submit(canceled.json, 'identify', { identifier: PEOPLE.carol });
    assert.equal(other.status, 200, JSON.stringify(other.json));
    assert.equal(other.json.user?.value?.identifier, PEOPLE.carol);
    const done = await answerPassword(other.json, TEST.password);
    assert.equal(done.status, 200, JSON.stringify(done.json));
    const tokens = await redeem(`${server.url}/oauth2/default`, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, interactionCode: interactionCodeOf(done.json)!, verifier: s.pkce.verifier });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    assert.equal(decodeJwt(tokens.json.access_token).sub, PEOPLE.carol);
  });

  it('okta-auth-js: idx.cancel() after identify, then another user signs in', async () => {
    const auth = sdk(server);
    const started = await auth.idx.start();
    assert.equal(started.status, IdxStatus.PENDING);
    const identified = await auth.idx.proceed({ username: TEST.user });
    assert.equal(identified.nextStep?.name, 'challenge-authenticator');
    const canceled = await auth.idx.cancel();
    assert.equal(canceled.status, IdxStatus.CANCELED, JSON.stringify(canceled.messages));
    const tx = await sdk(server).idx.authenticate({ username: PEOPLE.carol, password: TEST.password });
    assert.equal(tx.status, IdxStatus.SUCCESS, JSON.stringify(tx.messages));
    assert.equal(decodeJwt(tx.tokens!.accessToken!.accessToken).sub, PEOPLE.carol);
  });

  it('a 2FA policy the user cannot satisfy (only a password): a terminal error after the password, not a 500', async () => {
    const s = await identifiedAs(server, PEOPLE.twoFactor, APPS.twoFactor);
    assert.equal(s.identified.status, 200, JSON.stringify(s.identified.json));
    assert.equal(s.identified.json.currentAuthenticatorEnrollment?.value?.key, 'okta_password');
    const after = await answerPassword(s.identified.json, TEST.password);
    assert.notEqual(after.status, 500, JSON.stringify(after.json));
    assertTerminal(after, 403, messageKeys(after.json).filter((k) => k !== 'errors.E0000009'));
    assert.equal(interactionCodeOf(after.json), undefined);

    const auth = sdk(server, APPS.twoFactor);
    const tx = await auth.idx.authenticate({ username: PEOPLE.twoFactor, password: TEST.password });
    assert.equal(tx.status, IdxStatus.TERMINAL, JSON.stringify(tx));
    assert.equal(tx.messages?.[0]?.class, 'ERROR');
    assert.equal(tx.tokens, undefined);
  });

  it('the same answer submitted twice at once: one sign-in succeeds, the other gets an IDX answer, not a 500', async () => {
    const s = await identifiedAs(server, TEST.user);
    const answers = await Promise.all([answerPassword(s.identified.json, TEST.password), answerPassword(s.identified.json, TEST.password)]);
    for (const a of answers) {
      assert.ok(a.status < 500, `status ${a.status}: ${JSON.stringify(a.json)}`);
      assert.equal(a.contentType, ION, `${a.contentType}`);
    }
    const codes = answers.map((a) => interactionCodeOf(a.json)).filter(Boolean);
    assert.equal(codes.length, 1, 'exactly one interaction code');
  });
});

describe('IDX sign-in errors that take time (a test clock)', () => {
  let server: TestServer;
  const clock = new TestClock();
  before(async () => {
    server = await startTestServer({ org: errorsOrg(), clock });
  });
  after(() => server.stop());

  it('lockout: the third wrong password suspends the factor (403); even the right one is refused until auto-unlock', async () => {
    const s = await identifiedAs(server, PEOPLE.lockable);
    let state = s.identified.json;
    for (let i = 1; i <= 2; i++) {
      const wrong = await answerPassword(state, WRONG);
      assert.equal(wrong.status, 401, `attempt ${i}: ${JSON.stringify(wrong.json)}`);
      assert.deepEqual(messageKeys(wrong.json), ['incorrectPassword']);
      state = wrong.json;
    }
    const third = await answerPassword(state, WRONG);
    assert.equal(third.status, 403, JSON.stringify(third.json));
    assert.equal(third.contentType, ION, `${third.contentType}`);
    assert.deepEqual(third.json.messages.value, [{
      message: 'This factor is suspended for your account due to too many failed attempts', i18n: { key: 'authfactor.challenge.suspended_factor' }, class: 'ERROR',
    }]);
    assert.ok(remediation(third.json, 'challenge-authenticator'), 'the challenge is still offered');

    const rightWhileLocked = await answerPassword(third.json, TEST.password);
    assert.equal(rightWhileLocked.status, 403, JSON.stringify(rightWhileLocked.json));
    assert.deepEqual(messageKeys(rightWhileLocked.json), ['authfactor.challenge.suspended_factor']);
    assert.equal(interactionCodeOf(rightWhileLocked.json), undefined);
    // A new transaction does not get around it.
    const again = await identifiedAs(server, PEOPLE.lockable);
    const fresh = await answerPassword(again.identified.json, TEST.password);
    assert.equal(fresh.status, 403);
    assert.deepEqual(messageKeys(fresh.json), ['authfactor.challenge.suspended_factor']);

    clock.advance(61_000);
    const unlocked = await answerPassword(rightWhileLocked.json, TEST.password);
    assert.equal(unlocked.status, 200, JSON.stringify(unlocked.json));
    const tokens = await redeem(`${server.url}/oauth2/default`, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, interactionCode: interactionCodeOf(unlocked.json)!, verifier: s.pkce.verifier });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    assert.equal(decodeJwt(tokens.json.access_token).sub, PEOPLE.lockable);
  });

  it('after auto-unlock the failure count starts over: one wrong password is only a wrong password', async () => {
    const s = await identifiedAs(server, PEOPLE.lockableToo);
    let state = s.identified.json;
    for (let i = 1; i <= 3; i++) state = (await answerPassword(state, WRONG)).json;
    assert.deepEqual(messageKeys(state), ['authfactor.challenge.suspended_factor']);
    clock.advance(61_000);
    const wrong = await answerPassword(state, WRONG);
    assert.equal(wrong.status, 401, JSON.stringify(wrong.json));
    assert.deepEqual(messageKeys(wrong.json), ['incorrectPassword']);
    const right = await answerPassword(wrong.json, TEST.password);
    assert.equal(right.status, 200, JSON.stringify(right.json));
  });

  it('a transaction idle past its 10 minutes: 401 idx.session.expired, terminal, by stateHandle and by interaction handle', async () => {
    const s = await identifiedAs(server, TEST.user);
    assert.equal(s.identified.status, 200);
    clock.advance(10 * 60_000 + 1_000);
    assertTerminal(await answerPassword(s.identified.json, TEST.password), 401, expiredKey);
    assertTerminal(await introspect(server.url, { stateToken: s.identified.json.stateHandle }), 401, expiredKey);
    assertTerminal(await introspect(server.url, { interactionHandle: s.interactionHandle }), 401, expiredKey);
    assertTerminal(await submit(s.identified.json, 'cancel'), 401, expiredKey);
    // A transaction that has not been identified yet expires too.
    const idle = await begin(server);
    clock.advance(10 * 60_000 + 1_000);
    assertTerminal(await submit(idle.first, 'identify', { identifier: TEST.user }), 401, expiredKey);
  });

  it('a transaction kept busy ends 60 minutes after it began: each step extends it by 10 minutes, never past that', async () => {
    const s = await identifiedAs(server, TEST.user);
    const began = Date.parse(s.first.expiresAt) - 10 * 60_000;
    let state = s.identified.json;
    for (let minutes = 9; minutes <= 54; minutes += 9) {
      clock.advance(9 * 60_000);
      const wrong = await answerPassword(state, WRONG);
      assert.equal(wrong.status, 401, `after ${minutes} minutes: ${JSON.stringify(wrong.json)}`);
      assert.ok(Date.parse(wrong.json.expiresAt) <= began + 60 * 60_000 + 1_000, `expiresAt ${wrong.json.expiresAt} within the hour`);
      state = wrong.json;
    }
    assert.equal(Date.parse(state.expiresAt), Date.parse(s.first.expiresAt) + 50 * 60_000, 'the last step was capped at the hour');
    clock.advance(6 * 60_000 + 1_000); // 60 min + 1 s after it began, 6 min after the last step
    assertTerminal(await answerPassword(state, TEST.password), 401, expiredKey);
    assertTerminal(await introspect(server.url, { interactionHandle: s.interactionHandle }), 401, expiredKey);
  });
});
