import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ org: testOrg() });
});
after(() => server.stop());

const ion = { 'content-type': 'application/ion+json; okta-version=1.0.0', accept: 'application/ion+json; okta-version=1.0.0' };

it('one transaction is limited to 60 IDX requests a minute: then 429 in IDX form, with X-Rate-Limit headers', async () => {
  const r = await fetch(`${server.url}/oauth2/default/v1/interact`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: TEST.spa.clientId, scope: 'openid', redirect_uri: TEST.redirectUri, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }),
  });
  const { interaction_handle } = await r.json();
  const first = await fetch(`${server.url}/idp/idx/introspect`, { method: 'POST', headers: ion, body: JSON.stringify({ interactionHandle: interaction_handle }) });
  const { stateHandle } = await first.json();
  assert.equal(first.headers.get('x-rate-limit-limit'), '60');

  let last: Response | undefined;
  for (let i = 0; i < 61; i++) {
    last = await fetch(`${server.url}/idp/idx/introspect`, { method: 'POST', headers: ion, body: JSON.stringify({ stateHandle }) });
    if (last.status === 429) break;
  }
  assert.equal(last!.status, 429);
  assert.equal(last!.headers.get('content-type'), 'application/ion+json; okta-version=1.0.0');
  assert.equal(last!.headers.get('x-rate-limit-remaining'), '0');
  assert.ok(Number(last!.headers.get('retry-after')) >= 1);
  const body = await last!.json();
  assert.equal(body.messages.value[0].i18n.key, 'tooManyRequests');
  assert.equal(body.version, '1.0.0');
});
