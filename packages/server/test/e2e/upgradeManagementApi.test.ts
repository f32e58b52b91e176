import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer } from '../support/server.js';
import { sqliteTestDatabase } from '../support/databases.js';
import { runCli } from '../support/process.js';

/**
 * The management API's tokens (Okta's `Authorization: SSWS`) and the upgrade steps' refusals, on a
 * Classic org that `upgrade check` finds a blocker in (an IdP discovery policy): the CLI and the API
 * refuse `upgrade org` naming it, unless forced. The whole upgrade path is classicUpgrade.test.ts.
 */
const APP = 'portal';
const BLOCKER = 'IdP discovery: IDP_DISCOVERY "Routing"';

const database = sqliteTestDatabase();
let server: TestServer;
before(async () => {
  server = await startTestServer({
    database,
    org: {
      version: 1,
      org: { name: 'Blocked Co', engine: 'classic' },
      apps: [{ clientId: APP, label: 'Portal', type: 'browser', redirectUris: ['http://localhost:3000/callback'], grantTypes: ['authorization_code'] }],
      policies: [{ type: 'IDP_DISCOVERY', name: 'Routing', priority: 1, rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: {} }] }],
    },
  });
});
after(() => server.stop());

const cli = (args: string[]) => runCli([...args, '--database-url', database.url]);
async function newToken(name: string): Promise<string> {
  const r = await cli(['admin', 'api-token', 'create', '--name', name]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /shown once, only its hash is stored/);
  return r.stdout.trim();
}
async function api(token: string, method: string, path: string, body?: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- answers read by their documented keys
  const r = await fetch(`${server.url}${path}`, { method, body, headers: { Authorization: `SSWS ${token}`, Accept: 'application/json', ...(body !== undefined && { 'Content-Type': 'application/json' }) } });
  return { status: r.status, body: r.status === 204 ? undefined : await r.json() };
}
const INVALID_TOKEN = { errorCode: 'E0000011', errorSummary: 'Invalid token provided' };
const errorOf = (r: { body: { errorCode: string; errorSummary: string } }) => ({ errorCode: r.body.errorCode, errorSummary: r.body.errorSummary });

describe('management API tokens', () => {
  it('are stored as hashes only, listed without their value, and stop working once revoked (CLI or API)', async () => {
    const first = await newToken('deploy');
    const second = await newToken('backup');
    const listed = await cli(['admin', 'api-token', 'list', '--json']);
    const tokens = JSON.parse(listed.stdout) as Array<{ id: string; name: string; createdAt: number }>;
    assert.deepEqual(tokens.map((t) => t.name), ['deploy', 'backup']);
    assert.ok(tokens.every((t) => /^00T[A-Za-z0-9]{17}$/.test(t.id) && Object.keys(t).sort().join() === 'createdAt,expiresAt,id,lastUsedAt,name,network,tokenWindow,userId'));
    const stored = new Database(database.url.slice('sqlite:'.length), { readonly: true });
    const rows = JSON.stringify(stored.prepare('select * from api_tokens').all());
    stored.close();
    assert.ok(!rows.includes(first) && !rows.includes(second), 'no token is stored as it is');

    const viaApi = await api(first, 'GET', '/api/v1/api-tokens');
    assert.equal(viaApi.status, 200);
    assert.deepEqual(viaApi.body.map((t: { id: string; name: string }) => [t.id, t.name]), tokens.map((t) => [t.id, t.name]));

    assert.equal((await cli(['admin', 'api-token', 'revoke', tokens[0].id])).code, 0);
    assert.deepEqual(errorOf(await api(first, 'GET', '/api/v1/upgrade/status')), INVALID_TOKEN);
    assert.equal((await api(second, 'GET', '/api/v1/upgrade/status')).status, 200);
    assert.equal((await api(second, 'DELETE', `/api/v1/api-tokens/${tokens[1].id}`)).status, 204);
    const revoked = await api(second, 'GET', '/api/v1/upgrade/status');
    assert.equal(revoked.status, 401);
    assert.deepEqual(errorOf(revoked), INVALID_TOKEN);
    assert.equal((await cli(['admin', 'api-token', 'revoke', tokens[1].id])).code, 2, 'a token revoked already is unknown');
  });

  it('a malformed request gets an Okta error, never a 500; the token is checked first', async () => {
    const token = await newToken('malformed');
    const unreadable = await api(token, 'POST', '/api/v1/upgrade/org', '{"dryRun":');
    assert.equal(unreadable.status, 400);
    assert.equal(unreadable.body.errorCode, 'E0000003');
    const notBoolean = await api(token, 'POST', '/api/v1/upgrade/org', JSON.stringify({ dryRun: 'yes' }));
    assert.equal(notBoolean.status, 400);
    assert.deepEqual(notBoolean.body.errorCauses, [{ errorSummary: 'dryRun: must be true or false' }]);
    const noToken = await fetch(`${server.url}/api/v1/upgrade/org`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"dryRun":' });
    assert.equal(noToken.status, 401);
  });
});

describe('upgrade org with a blocker', () => {
  it('is refused by the CLI and the API, naming the blocker; a dry run shows it; moving an app first is refused', async () => {
    const token = await newToken('upgrade');
    const refused = await cli(['upgrade', 'org']);
    assert.equal(refused.code, 1);
    assert.ok(refused.stderr.includes(`"latchkey upgrade check" finds 1 blocker(s): ${BLOCKER}; remedy them first, or go ahead knowingly with --force`), refused.stderr);
    const refusedViaApi = await api(token, 'POST', '/api/v1/upgrade/org', '{}');
    assert.equal(refusedViaApi.status, 409);
    assert.equal(refusedViaApi.body.errorCode, 'E0000001');
    assert.deepEqual(refusedViaApi.body.errorCauses, [{ errorSummary: BLOCKER }]);
    const dryRun = await api(token, 'POST', '/api/v1/upgrade/org', JSON.stringify({ dryRun: true }));
    assert.equal(dryRun.status, 200);
    assert.deepEqual(dryRun.body.blockers.map((f: { feature: string }) => f.feature), ['IdP discovery']);
    assert.match((await cli(['upgrade', 'org', '--dry-run'])).stdout, /^BLOCKS {2}IdP discovery: IDP_DISCOVERY "Routing"$/m);
    assert.equal((await api(token, 'GET', '/api/v1/upgrade/status')).body.engine, 'classic', 'nothing written');

    const early = await api(token, 'PUT', `/api/v1/upgrade/apps/${APP}`, JSON.stringify({ percent: 10 }));
    assert.equal(early.status, 409);
    assert.match(early.body.errorSummary, /the org is still Classic/);
  });

  it('goes ahead with --force or { force: true }, knowingly; an app moves and back; rollback is refused only while it has moved', async () => {
    const token = await newToken('force');
    const forced = await cli(['upgrade', 'org', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /^forced past {2}IdP discovery: IDP_DISCOVERY "Routing"$/m);
    assert.equal((await api(token, 'GET', '/api/v1/upgrade/status')).body.engine, 'identity_engine');

    const notMoved = await api(token, 'PUT', `/api/v1/upgrade/apps/${APP}`, JSON.stringify({ engine: 'classic' }));
    assert.equal(notMoved.status, 409);
    assert.match(notMoved.body.errorSummary, /has not moved/);
    assert.equal((await api(token, 'PUT', `/api/v1/upgrade/apps/${APP}`, JSON.stringify({ engine: 'identity_engine', groups: ['Everyone'] }))).status, 200);
    assert.equal((await api(token, 'POST', '/api/v1/upgrade/rollback')).status, 409);
    const back = await api(token, 'PUT', `/api/v1/upgrade/apps/${APP}`, JSON.stringify({ engine: 'classic' }));
    assert.deepEqual(back.body, { clientId: APP, engine: 'classic', summary: 'back on the Classic Engine (the interaction_code grant the move added is removed)' });
    const rolledBack = await api(token, 'POST', '/api/v1/upgrade/rollback');
    assert.equal(rolledBack.status, 200);
    assert.deepEqual(rolledBack.body, { engine: 'classic', classicPolicies: 1 });
    const twice = await api(token, 'POST', '/api/v1/upgrade/rollback');
    assert.equal(twice.status, 409);
    assert.match(twice.body.errorSummary, /nothing to roll back/);

    const forcedViaApi = await api(token, 'POST', '/api/v1/upgrade/org', JSON.stringify({ force: true }));
    assert.equal(forcedViaApi.status, 200);
    assert.equal(forcedViaApi.body.dryRun, false);
    assert.deepEqual(forcedViaApi.body.blockers.map((f: { feature: string }) => f.feature), ['IdP discovery']);
    assert.equal((await api(token, 'GET', '/api/v1/upgrade/status')).body.engine, 'identity_engine');
  });
});
