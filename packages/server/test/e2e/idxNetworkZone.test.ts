import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

/** The app may be used only from 10.0.0.0/8; the test client is on the loopback but claims 10.1.2.3. */
const officeOnlyOrg = () => ({
  ...testOrg(),
  policies: [{
    type: 'ACCESS_POLICY', name: 'Office only', priority: 1, conditions: { apps: { include: [TEST.spa.clientId] } },
    rules: [{ name: 'Office network', priority: 1, conditions: { network: { include: ['10.0.0.0/8'] } }, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] } }] } } } }],
  }],
});

let direct: TestServer;
let proxied: TestServer;
before(async () => {
  [direct, proxied] = await Promise.all([
    startTestServer({ org: officeOnlyOrg() }),
    startTestServer({ org: officeOnlyOrg(), configOverrides: { trustProxy: true } }),
  ]);
});
after(() => Promise.all([direct.stop(), proxied.stop()]));

const ion = { 'content-type': 'application/ion+json; okta-version=1.0.0', accept: 'application/ion+json; okta-version=1.0.0', 'x-forwarded-for': '10.1.2.3' };

/** Identify from a client that says it is 10.1.2.3; answers the status and the first message key. */
async function identifyAt(server: TestServer) {
  const r = await fetch(`${server.url}/oauth2/default/v1/interact`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: TEST.spa.clientId, scope: 'openid', redirect_uri: TEST.redirectUri, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }),
  });
  const { interaction_handle } = await r.json();
  const { stateHandle } = await (await fetch(`${server.url}/idp/idx/introspect`, { method: 'POST', headers: ion, body: JSON.stringify({ interactionHandle: interaction_handle }) })).json();
  const answer = await fetch(`${server.url}/idp/idx/identify`, { method: 'POST', headers: ion, body: JSON.stringify({ identifier: TEST.user, stateHandle }) });
  const body = await answer.json();
  return { status: answer.status, key: body.messages?.value[0]?.i18n.key, remediations: body.remediation?.value.map((f: { name: string }) => f.name) };
}

it('without --trust-proxy a forwarded address is ignored: the loopback client is outside the zone and denied', async () => {
  assert.deepEqual(await identifyAt(direct), { status: 403, key: 'security.access_denied', remediations: undefined });
});

it('with --trust-proxy the forwarded address counts: inside the zone, the password is asked', async () => {
  const answer = await identifyAt(proxied);
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.remediations, ['challenge-authenticator', 'select-authenticator-authenticate']);
});
