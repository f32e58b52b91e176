import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import * as oidc from 'openid-client';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, serviceJwtKey, testOrg } from '../support/testOrg.js';

let server: TestServer;
let issuer: string;

const discover = (clientId: string, auth: oidc.ClientAuth, iss = issuer) =>
  oidc.discovery(new URL(iss), clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });

/** A raw form POST, for what a conforming client library would refuse to send. */
async function post(path: string, body: string | Record<string, string>, headers: Record<string, string> = {}) {
  const form = typeof body === 'string' ? body : new URLSearchParams(body).toString();
  const response = await fetch(`${issuer}${path}`, {
    method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

before(async () => {
  server = await startTestServer({ org: testOrg() });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

describe('client_credentials with openid-client', () => {
  it('issues an access token that @okta/jwt-verifier accepts (issuer, audience, cid)', async () => {
    const config = await discover(TEST.service.clientId, oidc.ClientSecretBasic(TEST.service.secret));
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'read:messages write:messages' });
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.expires_in, 1800, 'the matching rule sets a 30 minute lifetime');
    assert.equal(tokens.scope, 'read:messages write:messages');
    assert.equal(tokens.refresh_token, undefined);

    const verifier = new OktaJwtVerifier({ issuer, assertClaims: { cid: TEST.service.clientId }, testing: { disableHttpsCheck: true } });
    const jwt = await verifier.verifyAccessToken(tokens.access_token, 'api://default');
    assert.equal(jwt.claims.iss, issuer);
    assert.equal(jwt.claims.aud, 'api://default');
    assert.equal(jwt.claims.sub, TEST.service.clientId);
    assert.deepEqual(jwt.claims.scp, ['read:messages', 'write:messages']);
    assert.equal(jwt.claims.ver, 1);
    assert.match(String(jwt.claims.jti), /^AT\./);
    assert.equal(jwt.claims.uid, undefined, 'no user in a machine token');
  });

  it('uses the default scopes when none is asked', async () => {
    const config = await discover(TEST.service.clientId, oidc.ClientSecretBasic(TEST.service.secret));
    const tokens = await oidc.clientCredentialsGrant(config);
    assert.equal(tokens.scope, 'read:messages');
  });

  it('authenticates with client_secret_post and private_key_jwt too', async () => {
    const post = await discover(TEST.servicePost.clientId, oidc.ClientSecretPost(TEST.servicePost.secret));
    assert.ok((await oidc.clientCredentialsGrant(post)).access_token);
    const key = await webcrypto.subtle.importKey('jwk', serviceJwtKey.privateKey.export({ format: 'jwk' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    const jwt = await discover(TEST.serviceJwt.clientId, oidc.PrivateKeyJwt({ key: key as CryptoKey, kid: 'svc-jwt-key' }));
    assert.ok((await oidc.clientCredentialsGrant(jwt)).access_token);
  });

  it('introspects and revokes the access token', async () => {
    const config = await discover(TEST.service.clientId, oidc.ClientSecretBasic(TEST.service.secret));
    const { access_token } = await oidc.clientCredentialsGrant(config);
    const active = await oidc.tokenIntrospection(config, access_token);
    assert.equal(active.active, true);
    assert.equal(active.client_id, TEST.service.clientId);
    assert.equal(active.scope, 'read:messages');
    assert.equal(active.token_type, 'Bearer');
    assert.equal(active.iss, issuer);
    await oidc.tokenRevocation(config, access_token);
    assert.deepEqual(await oidc.tokenIntrospection(config, access_token), { active: false });
  });
});

describe('client_credentials refused as Okta refuses it', () => {
  it('wrong secret: 401 invalid_client', async () => {
    const r = await post('/v1/token', { grant_type: 'client_credentials' }, basic(TEST.service.clientId, 'not-the-secret-at-all'));
    assert.equal(r.status, 401);
    assert.equal(r.json.error, 'invalid_client');
    assert.ok(r.headers.get('www-authenticate'));
  });

  it('unknown client: 401 invalid_client', async () => {
    const r = await post('/v1/token', { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x'.repeat(20) });
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { error: 'invalid_client', error_description: "Invalid value for 'client_id' parameter." });
  });

  it('a grant the app is not configured for: 400 unauthorized_client', async () => {
    const r = await post('/v1/token', { grant_type: 'refresh_token', refresh_token: 'x' }, basic(TEST.service.clientId, TEST.service.secret));
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'unauthorized_client');
    assert.match(r.json.error_description, /Configured grant types: \[client_credentials\]/);
  });

  it('a grant type the server does not know: 400 unsupported_grant_type', async () => {
    const r = await post('/v1/token', { grant_type: 'urn:example:magic' }, basic(TEST.service.clientId, TEST.service.secret));
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'unsupported_grant_type');
  });

  it('access policy without a matching rule: access_denied', async () => {
    const r = await post('/v1/token', { grant_type: 'client_credentials', scope: 'read:messages' }, basic(TEST.denied.clientId, TEST.denied.secret));
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: 'access_denied', error_description: 'Policy evaluation failed for this request, please check the policy configurations.' });
    const allowed = await post('/v1/token', { grant_type: 'client_credentials', scope: 'admin' }, basic(TEST.denied.clientId, TEST.denied.secret));
    assert.equal(allowed.status, 200, 'the first matching policy is the only one consulted, and its rule allows admin');
  });

  it('unknown scope: invalid_scope; OpenID scope: invalid_scope', async () => {
    const unknown = await post('/v1/token', { grant_type: 'client_credentials', scope: 'nope' }, basic(TEST.service.clientId, TEST.service.secret));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error, 'invalid_scope');
    const openid = await post('/v1/token', { grant_type: 'client_credentials', scope: 'openid' }, basic(TEST.service.clientId, TEST.service.secret));
    assert.equal(openid.json.error, 'invalid_scope');
  });

  it('malformed, repeated, oversized and wrongly typed bodies: invalid_request, never a 500', async () => {
    const creds = basic(TEST.service.clientId, TEST.service.secret);
    const missing = await post('/v1/token', {}, creds);
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error, 'invalid_request');
    const repeated = await post('/v1/token', 'grant_type=client_credentials&grant_type=client_credentials', creds);
    assert.equal(repeated.json.error, 'invalid_request');
    const json = await post('/v1/token', JSON.stringify({ grant_type: 'client_credentials' }), { ...creds, 'content-type': 'application/json' });
    assert.equal(json.status, 400);
    assert.equal(json.json.error, 'invalid_request');
    const huge = await post('/v1/token', `grant_type=client_credentials&pad=${'a'.repeat(300 * 1024)}`, creds);
    assert.equal(huge.status, 413);
    assert.equal(huge.json.error, 'invalid_request');
    const garbage = await post('/v1/token', '%%%&&&===', creds);
    assert.ok(garbage.status === 400 || garbage.status === 401, `got ${garbage.status}`);
    const badBasic = await post('/v1/token', { grant_type: 'client_credentials' }, { authorization: 'Basic !!!notbase64' });
    assert.equal(badBasic.status, 401);
    assert.equal(badBasic.json.error, 'invalid_client');
  });

  it('two ways of authenticating at once: invalid_request', async () => {
    const r = await post('/v1/token', { grant_type: 'client_credentials', client_id: TEST.service.clientId, client_secret: TEST.service.secret }, basic(TEST.service.clientId, TEST.service.secret));
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'invalid_request');
  });

  it('a replayed client assertion: invalid_client', async () => {
    const key = await webcrypto.subtle.importKey('jwk', serviceJwtKey.privateKey.export({ format: 'jwk' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    let captured = '';
    const auth = oidc.PrivateKeyJwt({ key: key as CryptoKey, kid: 'svc-jwt-key' });
    const config = await discover(TEST.serviceJwt.clientId, async (as, client, body, headers) => {
      await auth(as, client, body, headers);
      captured = body.get('client_assertion')!;
    });
    await oidc.clientCredentialsGrant(config);
    const replay = await post('/v1/token', { grant_type: 'client_credentials', client_id: TEST.serviceJwt.clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: captured });
    assert.equal(replay.status, 401);
    assert.equal(replay.json.error, 'invalid_client');
  });
});
