import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ org: testOrg() });
});
after(() => server.stop());

describe('discovery', () => {
  it('openid-client discovers the org server: issuer = base URL, endpoints under /oauth2/v1', async () => {
    const config = await oidc.discovery(new URL(server.url), TEST.web.clientId, TEST.web.secret, undefined, { execute: [oidc.allowInsecureRequests] });
    const m = config.serverMetadata();
    assert.equal(m.issuer, server.url);
    assert.equal(m.token_endpoint, `${server.url}/oauth2/v1/token`);
    assert.equal(m.jwks_uri, `${server.url}/oauth2/v1/keys`);
    assert.equal(m.userinfo_endpoint, `${server.url}/oauth2/v1/userinfo`);
    assert.deepEqual(m.code_challenge_methods_supported, ['S256']);
    assert.ok(m.scopes_supported?.includes('openid'));
  });

  it('openid-client discovers a custom server at /oauth2/{id}', async () => {
    const issuer = `${server.url}/oauth2/default`;
    const config = await oidc.discovery(new URL(issuer), TEST.web.clientId, TEST.web.secret, undefined, { execute: [oidc.allowInsecureRequests] });
    const m = config.serverMetadata();
    assert.equal(m.issuer, issuer);
    assert.equal(m.token_endpoint, `${issuer}/v1/token`);
    assert.equal(m.introspection_endpoint, `${issuer}/v1/introspect`);
    assert.equal(m.revocation_endpoint, `${issuer}/v1/revoke`);
    for (const s of ['read:messages', 'openid', 'offline_access']) assert.ok(m.scopes_supported?.includes(s), s);
    assert.deepEqual(m.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none']);
  });

  it('serves RFC 8414 metadata under both issuers', async () => {
    for (const [path, issuer] of [['/.well-known/oauth-authorization-server', server.url], ['/oauth2/default/.well-known/oauth-authorization-server', `${server.url}/oauth2/default`]]) {
      const r = await fetch(server.url + path);
      assert.equal(r.status, 200);
      const m = await r.json();
      assert.equal(m.issuer, issuer);
      assert.equal(m.userinfo_endpoint, undefined);
    }
  });

  it('publishes RS256 signing keys as a JWKS, one set per server', async () => {
    const org = await (await fetch(`${server.url}/oauth2/v1/keys`)).json();
    const custom = await (await fetch(`${server.url}/oauth2/default/v1/keys`)).json();
    for (const set of [org, custom]) {
      assert.equal(set.keys.length, 1);
      const [k] = set.keys;
      assert.deepEqual(Object.keys(k).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
      assert.equal(k.alg, 'RS256');
      assert.equal(k.use, 'sig');
    }
    assert.notEqual(org.keys[0].kid, custom.keys[0].kid);
  });

  it('an unknown authorization server is a 404 with an Okta error body', async () => {
    const r = await fetch(`${server.url}/oauth2/nope/.well-known/openid-configuration`);
    assert.equal(r.status, 404);
    const body = await r.json();
    assert.equal(body.errorCode, 'E0000007');
    assert.match(body.errorSummary, /nope/);
  });
});
