import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

/**
 * Which page /v1/authorize shows in an Identity Engine org: the IDX page for its apps (whatever
 * their grants), the Classic page for an app the org file pins to the Classic Engine, whose sign-in
 * then goes through authn and back to the app.
 */
const PINNED = 'pinned-classic';

let server: TestServer;
before(async () => {
  const org = testOrg();
  server = await startTestServer({
    org: { ...org, apps: [...org.apps, { clientId: PINNED, label: 'Pinned', type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code'], engine: 'classic' }] },
  });
});
after(() => server.stop());

/** The hosted page's widget configuration for a new authorization request of `clientId`, and the request's state. */
async function pageConfig(clientId: string): Promise<{ config: Record<string, unknown>; state: string; verifier: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const url = new URL(`${server.url}/oauth2/default/v1/authorize`);
  for (const [k, v] of Object.entries({
    client_id: clientId, redirect_uri: TEST.redirectUri, response_type: 'code', scope: 'openid', state, nonce: 'n',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  })) url.searchParams.set(k, v);
  const r = await fetch(url);
  assert.equal(r.status, 200);
  const config = JSON.parse(/getSignInWidgetConfig: function \(\) \{ return (\{.*?\}); \}/.exec(await r.text())![1]);
  return { config, state, verifier };
}

describe('the hosted page in an Identity Engine org', () => {
  it('is the IDX page for its apps, with or without the interaction_code grant', async () => {
    for (const clientId of [TEST.web.clientId, TEST.spa.clientId]) {
      const { config } = await pageConfig(clientId);
      assert.equal(config.useClassicEngine, undefined, clientId);
      assert.doesNotMatch(config.stateToken as string, /^00/);
    }
  });

  it('is the Classic page for an app pinned to the Classic Engine: authn signs in and the link sends the code', async () => {
    const { config, state, verifier } = await pageConfig(PINNED);
    assert.equal(config.useClassicEngine, true);
    const client = oktaAuth({ issuer: server.url, clientId: PINNED, redirectUri: TEST.redirectUri, scopes: ['openid'] });
    const t = await client.tx.introspect({ stateToken: config.stateToken as string });
    assert.equal(t.status, 'UNAUTHENTICATED');
    // Each surface drives only its own transactions: IDX refuses the Classic stateToken, authn an IDX stateHandle.
    const idx = await fetch(`${server.url}/idp/idx/introspect`, {
      method: 'POST', headers: { 'content-type': 'application/ion+json; okta-version=1.0.0', accept: 'application/ion+json; okta-version=1.0.0' }, body: JSON.stringify({ stateToken: config.stateToken }),
    });
    assert.equal(idx.status, 401);
    const idxHandle = (await pageConfig(TEST.web.clientId)).config.stateToken as string;
    const authn = await fetch(`${server.url}/api/v1/authn/introspect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stateToken: idxHandle }) });
    assert.equal(authn.status, 401);
    assert.equal(((await authn.json()) as { errorCode: string }).errorCode, 'E0000011');
    const success = await (t as unknown as { authenticate(b: object): Promise<{ status: string; data: { _links: { next: { href: string } } } }> }).authenticate({ username: TEST.user, password: TEST.password });
    assert.equal(success.status, 'SUCCESS');
    const back = await fetch(success.data._links.next.href, { redirect: 'manual' });
    assert.equal(back.status, 302);
    const callback = new URL(back.headers.get('location')!);
    assert.equal(callback.searchParams.get('state'), state);
    const token = await fetch(`${server.url}/oauth2/default/v1/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: PINNED, redirect_uri: TEST.redirectUri, code: callback.searchParams.get('code')!, code_verifier: verifier }),
    });
    assert.equal(token.status, 200, await token.clone().text());
    assert.ok(((await token.json()) as { id_token?: string }).id_token);
  });
});
