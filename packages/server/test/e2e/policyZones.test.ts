import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdxStatus } from '@okta/okta-auth-js';
import { startTestServer, writeOrgFile, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { oktaAuth } from '../support/oktaAuth.js';
import { capturingLogger } from '../support/logs.js';
import { runCli } from '../support/process.js';
import { signInBehindProxy, ZONES, zonesOrg } from '../support/zonesOrg.js';

type Json = any;

// Only the loopback is a trusted proxy: tests that send X-Forwarded-For speak as the proxy would.
const log = capturingLogger();
let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: zonesOrg(), logger: log.logger, configOverrides: { trustedProxies: '127.0.0.1' } });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const client = (clientId: string) => oktaAuth({ issuer, clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], legacy: true });

const behindProxy = (forwardedFor: string, clientId: string, login: string) => signInBehindProxy(server.url, issuer, forwardedFor, clientId, login);

it('okta-auth-js from outside the office zone: the office app\'s rule denies (Okta\'s access denied)', async () => {
  const tx = await client(ZONES.officeApp).idx.authenticate({ username: TEST.user, password: TEST.password });
  assert.equal(tx.status, IdxStatus.TERMINAL, JSON.stringify(tx));
  assert.deepEqual(tx.messages?.map((m) => m.i18n?.key), ['security.access_denied']);
});

it('okta-auth-js: outside the office the global session policy denies contractors and asks everyone else a second factor', async () => {
  const contractor = await client(ZONES.anywhereApp).idx.authenticate({ username: ZONES.contractor, password: TEST.password });
  assert.equal(contractor.status, IdxStatus.TERMINAL);
  assert.deepEqual(contractor.messages?.map((m) => m.i18n?.key), ['security.access_denied']);

  const employee = await client(ZONES.anywhereApp).idx.authenticate({ username: TEST.user, password: TEST.password });
  assert.equal(employee.status, IdxStatus.PENDING, JSON.stringify(employee.messages));
  assert.equal((employee.nextStep as Json)?.authenticator?.key ?? (employee.nextStep as Json)?.options?.[0]?.value, 'okta_email', 'the password alone does not establish a session here');
});

it('behind the trusted proxy, the forwarded address decides: in the office zone the password alone signs in', async () => {
  assert.deepEqual(await behindProxy('10.1.2.3', ZONES.officeApp, TEST.user), { status: 200, key: undefined, success: true });
  assert.deepEqual(await behindProxy('10.1.2.3', ZONES.anywhereApp, ZONES.contractor), { status: 200, key: undefined, success: true });
});

it('an address the client put before the proxy\'s is not believed: only the hop the trusted proxy saw counts', async () => {
  assert.deepEqual(await behindProxy('10.1.2.3, 203.0.113.5', ZONES.officeApp, TEST.user), { status: 403, key: 'security.access_denied' });
});

it('each decision is logged with its policy, rule and conditions; `latchkey policy explain` prints the same lines', async () => {
  const logged = log.events()
    .filter((e) => e.eventType === 'policy.evaluate_sign_on' && e.actor?.alternateId === ZONES.contractor && e.client?.ipAddress === '127.0.0.1')
    .map((e) => e.debugContext!.debugData.explanation);
  const denial = 'OKTA_SIGN_ON "Global" rule "Contractors off the office network" → DENY; tried: "Contractors off the office network" (people yes: user ';
  assert.ok(logged.some((l) => l.startsWith(denial)), logged.join('\n'));

  const dir = mkdtempSync(join(tmpdir(), 'latchkey-explain-'));
  const file = writeOrgFile(zonesOrg());
  try {
    assert.equal((await runCli(['org', 'import', file.path, '--data-dir', dir])).code, 0);
    const explained = await runCli(['policy', 'explain', '--user', ZONES.contractor, '--app', ZONES.anywhereApp, '--ip', '127.0.0.1', '--data-dir', dir]);
    assert.equal(explained.code, 0, explained.stderr);
    const [head, session, app] = explained.stdout.trim().split('\n');
    assert.match(head, new RegExp(`^${ZONES.contractor} \\(00u\\w+; groups Everyone, Contractors, Engineering\\) signing in to ${ZONES.anywhereApp} from 127\\.0\\.0\\.1 on a new device; risk MEDIUM \\(new device, new network 127\\.0\\.0\\.0/24\\)$`));
    // The user ids differ between the two stores; the rest is the same text.
    const anyId = (line: string) => line.replace(/00u\w+/g, '00u…');
    assert.ok(logged.map(anyId).includes(anyId(session)), `${session}\nnot among\n${logged.join('\n')}`);
    assert.ok(logged.map(anyId).includes(anyId(app)), `${app}\nnot among\n${logged.join('\n')}`);
    assert.equal(anyId(session), 'OKTA_SIGN_ON "Global" rule "Contractors off the office network" → DENY; tried: '
      + '"Contractors off the office network" (people yes: user 00u… is in group Contractors; network yes: 127.0.0.1 is in no excluded zone)');
    assert.equal(app, 'ACCESS_POLICY (no policy applies: defaults) → ALLOW 1FA, password');

    const inOffice = await runCli(['policy', 'explain', '--user', TEST.user, '--app', ZONES.officeApp, '--ip', '10.9.9.9', '--data-dir', dir]);
    assert.match(inOffice.stdout, /^ACCESS_POLICY "Office app" rule "In the office" → ALLOW 1FA, password; tried: "Outside the office" \(people yes: everyone; network no: 10\.9\.9\.9 is in excluded zone Office\), "In the office"/m);

    const unknown = await runCli(['policy', 'explain', '--user', 'nobody@example.com', '--app', ZONES.officeApp, '--data-dir', dir]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^latchkey: no user "nobody@example.com"\n/);
    const badProxies = await runCli(['policy', 'explain', '--user', TEST.user, '--app', ZONES.officeApp, '--trusted-proxies', '10.0.0.1,proxy.example', '--data-dir', dir]);
    assert.equal(badProxies.code, 2);
    assert.match(badProxies.stderr, /^latchkey: invalid configuration: --trusted-proxies \(LATCHKEY_TRUSTED_PROXIES\) must be a comma-separated list of IP addresses or CIDR blocks, got "proxy\.example"\n/);
    const badIp = await runCli(['policy', 'explain', '--user', TEST.user, '--app', ZONES.officeApp, '--ip', '10.0.0', '--data-dir', dir]);
    assert.equal(badIp.code, 2);
    assert.match(badIp.stderr, /--ip must be an IP address/);
  } finally {
    file.remove();
    rmSync(dir, { recursive: true, force: true });
  }
});
