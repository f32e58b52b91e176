import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { oktaAuth } from '../support/oktaAuth.js';
import { signInBehindProxy, ZONES, zonesOrg } from '../support/zonesOrg.js';

// No server-level trusted proxy: the office zone itself names the loopback as its proxy (Okta's zone `proxies`).
let server: TestServer;
let issuer: string;
before(async () => {
  const org = zonesOrg();
  org.networkZones = [{ ...org.networkZones[0], proxies: [{ type: 'CIDR', value: '127.0.0.1' }] } as never];
  server = await startTestServer({ org });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

it('through a proxy the office zone names, the address it forwards for decides: in the office the password alone signs in', async () => {
  assert.deepEqual(await signInBehindProxy(server.url, issuer, '10.1.2.3', ZONES.officeApp, TEST.user), { status: 200, key: undefined, success: true });
});

it('only the hop the zone\'s proxy saw counts: an address the client put before it is not believed', async () => {
  assert.deepEqual(await signInBehindProxy(server.url, issuer, '10.1.2.3, 203.0.113.5', ZONES.officeApp, TEST.user), { status: 403, key: 'security.access_denied' });
});

it('the proxy itself, forwarding for nobody, is outside the office (okta-auth-js straight from the loopback)', async () => {
  const tx = await oktaAuth({ issuer, clientId: ZONES.officeApp, redirectUri: TEST.redirectUri, scopes: ['openid'] }).idx.authenticate({ username: TEST.user, password: TEST.password });
  assert.equal(tx.status, IdxStatus.TERMINAL, JSON.stringify(tx));
  assert.deepEqual(tx.messages?.map((m) => m.i18n?.key), ['security.access_denied']);
});
