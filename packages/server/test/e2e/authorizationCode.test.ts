import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { issueAuthorizationCode } from '../../src/oauth/authorizationCodes.js';
import type { OAuthError } from '../../src/oauth/errors.js';

let server: TestServer;
let issuer: string;
const clock = new TestClock();

before(async () => {
  server = await startTestServer({ org: testOrg(), clock });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

/** What the sign-in flow of the engine does at its end: a code for a user, bound to PKCE. */
async function signIn(clientId: string, options: { login?: string; scopes?: string; verifier?: string; serverId?: string } = {}) {
  const verifier = options.verifier ?? oidc.randomPKCECodeVerifier();
  const user = await server.lk.store.users.findByLogin(options.login ?? TEST.user);
  const code = await issueAuthorizationCode(server.lk.store, clock, await server.lk.store.apps.findByClientId(clientId), {
    clientId, serverId: options.serverId ?? 'default', userId: user!.id, redirectUri: TEST.redirectUri,
    scopes: (options.scopes ?? 'openid profile email offline_access read:messages').split(' '),
    codeChallenge: await oidc.calculatePKCECodeChallenge(verifier), codeChallengeMethod: 'S256',
    nonce: 'n-0S6_WzA2Mj', authTime: clock.now() - 5000, amr: ['pwd'],
  });
  return { code, verifier, user: user! };
}

const discover = (clientId: string, auth: oidc.ClientAuth, iss = issuer) =>
  oidc.discovery(new URL(iss), clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });

/** The callback as the authorization server sends it: with its issuer (RFC 9207), which openid-client checks. */
function callback(config: oidc.Configuration, params: Record<string, string>): URL {
  const url = new URL(TEST.redirectUri);
  url.search = new URLSearchParams({ ...params, iss: config.serverMetadata().issuer }).toString();
  return url;
}

async function redeem(config: oidc.Configuration, code: string, verifier: string) {
  return oidc.authorizationCodeGrant(config, callback(config, { code, state: 's1' }), {
    pkceCodeVerifier: verifier, expectedState: 's1', expectedNonce: 'n-0S6_WzA2Mj',
  });
}

async function rawToken(body: Record<string, string>, clientId = TEST.web.clientId, secret = TEST.web.secret) {
  const r = await fetch(`${issuer}/v1/token`, {
    method: 'POST', body: new URLSearchParams(body),
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { status: r.status, json: await r.json() };
}

describe('authorization_code + PKCE with openid-client', () => {
  it('answers access, ID and refresh tokens with Okta claims', async () => {
    const { code, verifier, user } = await signIn(TEST.web.clientId);
    const config = await discover(TEST.web.clientId, oidc.ClientSecretBasic(TEST.web.secret));
    const tokens = await redeem(config, code, verifier);
    assert.ok(tokens.refresh_token);
    const id = tokens.claims()!;
    assert.equal(id.sub, user.id);
    assert.equal(id.iss, issuer);
    assert.equal(id.aud, TEST.web.clientId);
    assert.deepEqual(id.amr, ['pwd']);
    assert.equal(id.preferred_username, TEST.user);
    assert.equal(id.email, TEST.user);
    assert.equal(id.name, 'Ada Lovelace');
    assert.equal(id.given, 'Ada', 'custom IDENTITY claim from user.firstName');
    assert.equal(typeof id.auth_time, 'number');
    assert.ok(id.at_hash && id.idp);

    const verifierLib = new OktaJwtVerifier({ issuer, assertClaims: { cid: TEST.web.clientId }, testing: { disableHttpsCheck: true } });
    const at = await verifierLib.verifyAccessToken(tokens.access_token, 'api://default');
    assert.equal(at.claims.uid, user.id);
    assert.equal(at.claims.sub, TEST.user);
    assert.deepEqual(at.claims.groups, ['Everyone', 'Engineering']);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
    assert.equal(info.email, TEST.user);
    assert.equal(info.given_name, 'Ada');
  });

  it('a public client (SPA) redeems with PKCE and no secret', async () => {
    const { code, verifier } = await signIn(TEST.spa.clientId, { scopes: 'openid profile' });
    const config = await discover(TEST.spa.clientId, oidc.None());
    const tokens = await redeem(config, code, verifier);
    assert.ok(tokens.id_token);
    assert.equal(tokens.refresh_token, undefined, 'no offline_access, no refresh token');
  });

  it('a public client revokes with Basic and only its client id (okta-auth-js signOut); a confidential one may not', async () => {
    const { code, verifier } = await signIn(TEST.spa.clientId, { scopes: 'openid profile' });
    const tokens = await redeem(await discover(TEST.spa.clientId, oidc.None()), code, verifier);
    const revoke = (clientId: string, token: string) => fetch(`${issuer}/v1/revoke`, {
      method: 'POST', body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(clientId).toString('base64')}` },
    });
    assert.equal((await revoke(TEST.spa.clientId, tokens.access_token)).status, 200);
    const info = await fetch(`${issuer}/v1/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(info.status, 401, 'the access token is revoked');

    const confidential = await revoke(TEST.web.clientId, tokens.access_token);
    assert.equal(confidential.status, 401);
    assert.equal((await confidential.json()).error, 'invalid_client');
  });

  it('the org server issues its own tokens (issuer = base URL)', async () => {
    const { code, verifier } = await signIn(TEST.web.clientId, { serverId: 'org', scopes: 'openid email' });
    const config = await discover(TEST.web.clientId, oidc.ClientSecretBasic(TEST.web.secret), server.url);
    const tokens = await redeem(config, code, verifier);
    assert.equal(tokens.claims()!.iss, server.url);
  });

  it('refuses a wrong code_verifier, a replayed code, a foreign client and a wrong redirect_uri', async () => {
    const first = await signIn(TEST.web.clientId);
    const wrong = await rawToken({ grant_type: 'authorization_code', code: first.code, redirect_uri: TEST.redirectUri, code_verifier: oidc.randomPKCECodeVerifier() });
    assert.deepEqual(wrong.json, { error: 'invalid_grant', error_description: 'PKCE verification failed.' });

    const { code, verifier } = await signIn(TEST.web.clientId);
    const ok = await rawToken({ grant_type: 'authorization_code', code, redirect_uri: TEST.redirectUri, code_verifier: verifier });
    assert.equal(ok.status, 200);
    const replay = await rawToken({ grant_type: 'authorization_code', code, redirect_uri: TEST.redirectUri, code_verifier: verifier });
    assert.equal(replay.status, 400);
    assert.equal(replay.json.error, 'invalid_grant');
    // RFC 6749 §4.1.2: what the replayed code produced is revoked.
    const refreshed = await rawToken({ grant_type: 'refresh_token', refresh_token: ok.json.refresh_token });
    assert.equal(refreshed.json.error, 'invalid_grant');

    const other = await signIn(TEST.web.clientId);
    const foreign = await rawToken({ grant_type: 'authorization_code', code: other.code, redirect_uri: TEST.redirectUri, code_verifier: other.verifier }, TEST.static.clientId, TEST.static.secret);
    assert.equal(foreign.json.error, 'invalid_grant');

    const third = await signIn(TEST.web.clientId);
    const redirect = await rawToken({ grant_type: 'authorization_code', code: third.code, redirect_uri: 'http://evil.example/cb', code_verifier: third.verifier });
    assert.equal(redirect.json.error, 'invalid_grant');
  });

  it('the engine refuses to issue a code for an unregistered redirect URI', async () => {
    const user = await server.lk.store.users.findByLogin(TEST.user);
    await assert.rejects(issueAuthorizationCode(server.lk.store, clock, await server.lk.store.apps.findByClientId(TEST.web.clientId), {
      clientId: TEST.web.clientId, serverId: 'default', userId: user!.id, redirectUri: `${TEST.redirectUri}/other`, scopes: ['openid'],
      codeChallenge: null, codeChallengeMethod: null, authTime: clock.now(), amr: ['pwd'],
    }), (e: OAuthError) => e.code === 'invalid_request' && /redirect_uri/.test(e.description));
  });

  it('refuses an expired code', async () => {
    const { code, verifier } = await signIn(TEST.web.clientId);
    clock.advance(61_000);
    const r = await rawToken({ grant_type: 'authorization_code', code, redirect_uri: TEST.redirectUri, code_verifier: verifier });
    assert.deepEqual(r.json, { error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
  });

  it('a user outside the rule\'s groups is refused by the access policy', async () => {
    const { code, verifier } = await signIn(TEST.web.clientId, { login: TEST.otherUser });
    const r = await rawToken({ grant_type: 'authorization_code', code, redirect_uri: TEST.redirectUri, code_verifier: verifier });
    assert.equal(r.json.error, 'access_denied');
  });
});

describe('refresh_token', () => {
  it('rotates; reuse after the leeway revokes the whole family (refresh and access tokens)', async () => {
    const { code, verifier } = await signIn(TEST.web.clientId);
    const config = await discover(TEST.web.clientId, oidc.ClientSecretBasic(TEST.web.secret));
    const first = await redeem(config, code, verifier);
    const second = await oidc.refreshTokenGrant(config, first.refresh_token!);
    assert.ok(second.refresh_token && second.refresh_token !== first.refresh_token);
    assert.ok(second.id_token);

    const retry = await rawToken({ grant_type: 'refresh_token', refresh_token: first.refresh_token! });
    assert.equal(retry.status, 200, 'a retry within the 30 s leeway still works');

    clock.advance(31_000);
    const reuse = await rawToken({ grant_type: 'refresh_token', refresh_token: first.refresh_token! });
    assert.deepEqual(reuse.json, { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
    const afterReuse = await rawToken({ grant_type: 'refresh_token', refresh_token: second.refresh_token! });
    assert.equal(afterReuse.json.error, 'invalid_grant', 'the family is revoked');
    assert.equal((await oidc.tokenIntrospection(config, second.access_token)).active, false);
  });

  it('introspects refresh tokens, narrows scopes, and expires them when idle', async () => {
    const { code, verifier } = await signIn(TEST.web.clientId);
    const config = await discover(TEST.web.clientId, oidc.ClientSecretBasic(TEST.web.secret));
    const tokens = await redeem(config, code, verifier);
    const info = await oidc.tokenIntrospection(config, tokens.refresh_token!, { token_type_hint: 'refresh_token' });
    assert.equal(info.active, true);
    assert.equal(info.username, TEST.user);

    const narrowed = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { scope: 'openid read:messages' });
    assert.equal(narrowed.scope, 'openid read:messages');
    const widened = await rawToken({ grant_type: 'refresh_token', refresh_token: narrowed.refresh_token!, scope: 'admin' });
    assert.equal(widened.json.error, 'invalid_scope');

    clock.advance(61 * 60_000);
    const idle = await rawToken({ grant_type: 'refresh_token', refresh_token: narrowed.refresh_token! });
    assert.equal(idle.json.error, 'invalid_grant', 'the rule\'s 60 minute idle window has passed');
  });

  it('STATIC rotation keeps the same refresh token', async () => {
    const { code, verifier } = await signIn(TEST.static.clientId);
    const config = await discover(TEST.static.clientId, oidc.ClientSecretBasic(TEST.static.secret));
    const tokens = await redeem(config, code, verifier);
    const again = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.equal(again.refresh_token, tokens.refresh_token);
    assert.ok((await oidc.refreshTokenGrant(config, tokens.refresh_token!)).access_token);
  });

  it('revoking a refresh token revokes its grant; another client cannot use or revoke it', async () => {
    const { code, verifier } = await signIn(TEST.web.clientId);
    const config = await discover(TEST.web.clientId, oidc.ClientSecretBasic(TEST.web.secret));
    const tokens = await redeem(config, code, verifier);
    const stolen = await rawToken({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, TEST.static.clientId, TEST.static.secret);
    assert.equal(stolen.json.error, 'invalid_grant');
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false);
    const r = await rawToken({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    assert.equal(r.json.error, 'invalid_grant');
  });

  it('userinfo refuses a missing, revoked or non-openid token with 401/403 and WWW-Authenticate', async () => {
    const none = await fetch(`${issuer}/v1/userinfo`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /Bearer error="invalid_token"/);
    const { code, verifier } = await signIn(TEST.web.clientId, { scopes: 'read:messages' });
    const config = await discover(TEST.web.clientId, oidc.ClientSecretBasic(TEST.web.secret));
    const tokens = await oidc.authorizationCodeGrant(config, callback(config, { code }), { pkceCodeVerifier: verifier });
    const noOpenid = await fetch(`${issuer}/v1/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(noOpenid.status, 403);
  });
});
