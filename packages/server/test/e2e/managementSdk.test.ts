import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Collection, OktaApiError } from '@okta/okta-sdk-nodejs';
import { IdxStatus } from '@okta/okta-auth-js';
import { createApiToken } from '../../src/org/apiTokens.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { token as tokenRequest } from '../support/idx.js';
import { capturingLogger } from '../support/logs.js';
import { all } from '../support/oktaSdk.js';
import { runCli } from '../support/process.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

/*
 * The management API through Okta's own Node SDK (@okta/okta-sdk-nodejs, `Authorization: SSWS`):
 * the API Tokens API, the Sessions API, Clear User Sessions, the Users API's lifecycle, and the
 * upgrade endpoints through the SDK's raw HTTP client; refusals arrive as the SDK's OktaApiError
 * with Okta's errorCode. Token expiry runs last: it moves the server's clock by minutes.
 * The loopback is a trusted proxy: a client that sends X-Forwarded-For: 10.x is in the office zone.
 */

/** The person the lifecycle test suspends and deactivates (the others stay as they are). */
const CY = 'cy@example.com';
const clock = new TestClock();
const log = capturingLogger();
let server: TestServer;
let issuer: string;
const OFFICE = { id: 'nzoOffice', address: '10.1.2.3' };
before(async () => {
  const org = { ...testOrg(), networkZones: [{ id: OFFICE.id, name: 'Office', type: 'IP', gateways: [{ type: 'CIDR', value: '10.0.0.0/8' }] }] };
  org.users.push({ login: CY, profile: { firstName: 'Cy', lastName: 'Young' }, password: TEST.password, groups: ['Engineering'] });
  server = await startTestServer({ org, clock, logger: log.logger, configOverrides: { trustedProxies: '127.0.0.1' } });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

async function newToken(name: string): Promise<{ token: string; id: string }> {
  const { token, summary } = await createApiToken(server.lk.store, name, clock.now());
  return { token, id: summary.id };
}

/** Okta's SDK on the org; `cacheMiddleware: null` where a test reads a resource again after a change the SDK cannot know of. */
const sdk = (token: string, cache = true) => new Client({ orgUrl: server.url, token, ...(cache ? {} : { cacheMiddleware: null }) });

/** The OktaApiError a refused SDK call throws (it must be refused). */
async function refusal(call: Promise<unknown>): Promise<{ status: number; errorCode: string; errorSummary: string }> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof OktaApiError, String(error));
    assert.match(error.errorId, /\S/);
    return { status: error.status, errorCode: String(error.errorCode), errorSummary: error.errorSummary };
  }
  assert.fail('the call should have been refused');
}
const INVALID_TOKEN = { status: 401, errorCode: 'E0000011', errorSummary: 'Invalid token provided' };

/** Fetch options for the SDK's raw HTTP client (its typings name node-fetch's, whose types are not installed). */
const init = (options: { method?: string; body?: unknown; headers?: Record<string, string> }) => options as Parameters<Client['http']['http']>[1] & object;
/** A JSON answer read through the SDK's raw client, by its documented keys. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers read by their documented keys
const readJson = async (client: Client, path: string): Promise<Json> =>
  (await client.http.http(`${server.url}${path}`, init({ headers: { Accept: 'application/json' } }))).json() as Promise<Json>;

/** What a person's browser and app hold after an IDX sign-in: the session cookie and a refresh token. */
async function signIn(login = TEST.user) {
  const browser = new CookieJar();
  const client = oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'offline_access'], cookies: browser });
  const tx = await client.idx.authenticate({ username: login, password: TEST.password });
  assert.equal(tx.status, IdxStatus.SUCCESS);
  return { browser, refreshToken: tx.tokens!.refreshToken!.refreshToken };
}

/** A Classic authn sign-in's one-time sessionToken (okta-auth-js signInWithCredentials). */
async function sessionTokenOf(login: string): Promise<string> {
  const client = oktaAuth({ issuer: server.url, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
  const transaction = await client.signInWithCredentials({ username: login, password: TEST.password });
  assert.equal(transaction.status, 'SUCCESS');
  return transaction.sessionToken!;
}

const refreshes = async (refreshToken: string) =>
  (await tokenRequest(issuer, { grant_type: 'refresh_token', client_id: TEST.spa.clientId, refresh_token: refreshToken })).status === 200;

/** Whether the browser's session still signs its person in (single sign-on through IDX). */
async function sessionSignsIn(browser: CookieJar): Promise<boolean> {
  const client = oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], cookies: browser });
  return (await client.idx.authenticate()).status === IdxStatus.SUCCESS;
}

describe('apiTokenApi', () => {
  it('lists the tokens as Okta shows them, pages them by Link headers, reads one and the current one', async () => {
    const admin = await newToken('sdk admin');
    const client = sdk(admin.token);
    const listed = await all(await client.apiTokenApi.listApiTokens());
    const mine = listed.find((t) => t.id === admin.id);
    assert.ok(mine, 'the token in use is listed');
    assert.equal(mine.name, 'sdk admin');
    assert.equal(mine.tokenWindow, 'P30D');
    assert.equal(mine.clientName, 'Latchkey CLI');
    assert.equal(mine.network?.connection, 'ANYWHERE');
    assert.ok(mine.created instanceof Date && mine.lastUpdated instanceof Date && mine.expiresAt instanceof Date, 'dates the SDK parses');
    assert.equal(mine.expiresAt.getTime() - mine.lastUpdated.getTime(), 30 * 24 * 3600_000, 'expires 30 days after its last use');

    const body = await readJson(client, `/api/v1/api-tokens/${admin.id}`);
    assert.deepEqual(Object.keys(body), ['name', 'userId', 'tokenWindow', 'network', 'id', 'clientName', 'expiresAt', 'created', 'lastUpdated', '_links']);
    assert.deepEqual(body._links.self, { href: `${server.url}/api/v1/api-tokens/${admin.id}`, hints: { allow: ['GET', 'DELETE'] } });
    assert.ok(!JSON.stringify(body).includes(admin.token), 'the token itself is never shown');

    const got = await client.apiTokenApi.getApiToken({ apiTokenId: admin.id });
    assert.equal(got.id, admin.id);
    assert.equal((await readJson(client, '/api/v1/api-tokens/current')).id, admin.id);

    await newToken('page two');
    await newToken('page three');
    const pages: string[] = [];
    client.requestExecutor.on('request', (request: { url: string }) => pages.push(request.url));
    const paged = await all(new Collection<{ id: string }>(client.http, `${server.url}/api/v1/api-tokens?limit=2`, {} as ConstructorParameters<typeof Collection>[2]));
    const everyone = await all(await sdk(admin.token).apiTokenApi.listApiTokens());
    assert.deepEqual(paged.map((t) => t.id), everyone.map((t) => t.id), 'the pages together are the whole list, in order');
    // Past Okta's default page of 20, listApiTokens itself follows rel="next".
    for (let i = 0; i < 20; i++) await newToken(`bulk ${i}`);
    const lister = sdk(admin.token);
    const listPages: string[] = [];
    lister.requestExecutor.on('request', (request: { url: string }) => listPages.push(request.url));
    const many = await all(await lister.apiTokenApi.listApiTokens());
    assert.equal(many.length, everyone.length + 20);
    assert.equal(new Set(many.map((t) => t.id)).size, many.length, 'no token twice');
    assert.equal(listPages.length, 2, listPages.join(' '));
    assert.ok(pages.length >= 2 && pages.slice(1).every((url) => /[?&]after=00T/.test(url)), `followed rel="next": ${pages.join(' ')}`);
    const found = await readJson(client, '/api/v1/api-tokens?q=PAGE%20T');
    // Sorted: tokens made in the same millisecond are listed in the order of their ids.
    assert.deepEqual(found.map((t: { name: string }) => t.name).sort(), ['page three', 'page two'], 'q finds by name, in any case');
    assert.equal((await readJson(client, '/api/v1/api-tokens?q=latchkey&limit=200')).length, many.length, 'q matching the client name finds every token');

    assert.deepEqual(await refusal(client.apiTokenApi.getApiToken({ apiTokenId: '00Tnonexistent000000' })),
      { status: 404, errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00Tnonexistent000000 (ApiToken)' });
    assert.deepEqual(await refusal(client.http.getJson(`${server.url}/api/v1/api-tokens?limit=201`)),
      { status: 400, errorCode: 'E0000001', errorSummary: 'Api validation failed: limit' });
    assert.deepEqual(await refusal(client.http.getJson(`${server.url}/api/v1/api-tokens?after=a&after=b`)),
      { status: 400, errorCode: 'E0000001', errorSummary: 'Api validation failed: after' });
  });

  it('revokes a token by id and the current one: the next call with either is refused E0000011', async () => {
    const admin = await newToken('revoker');
    const victim = await newToken('victim');
    const self = await newToken('self-revoking');
    await sdk(victim.token).apiTokenApi.getApiToken({ apiTokenId: victim.id });

    await sdk(admin.token).apiTokenApi.revokeApiToken({ apiTokenId: victim.id });
    assert.deepEqual(await refusal(sdk(victim.token).apiTokenApi.getApiToken({ apiTokenId: admin.id })), INVALID_TOKEN);
    assert.deepEqual(await refusal(sdk(admin.token).apiTokenApi.revokeApiToken({ apiTokenId: victim.id })),
      { status: 404, errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${victim.id} (ApiToken)` });

    await sdk(self.token).apiTokenApi.revokeCurrentApiToken();
    assert.deepEqual(await refusal(sdk(self.token).apiTokenApi.listApiTokens().then(all)), INVALID_TOKEN);
    const left = (await all(await sdk(admin.token).apiTokenApi.listApiTokens())).map((t) => t.id);
    assert.ok(left.includes(admin.id) && !left.includes(victim.id) && !left.includes(self.id));
  });

  it('upserts a token\'s network condition: outside its zones the token is refused 403 E0000006; ANYWHERE lifts it', async () => {
    const adminToken = (await newToken('network admin')).token;
    const admin = sdk(adminToken, false);
    const restricted = await newToken('office only');
    const fromOffice = sdk(restricted.token, false);
    fromOffice.http.defaultHeaders['X-Forwarded-For'] = OFFICE.address;
    const fromElsewhere = sdk(restricted.token, false);
    const works = async (client: Client) => (await readJson(client, '/api/v1/api-tokens/current')).id === restricted.id;
    const NOT_FROM_HERE = { status: 403, errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action' };

    const included = await admin.apiTokenApi.upsertApiToken({ apiTokenId: restricted.id, apiTokenUpdate: { name: 'office only', network: { connection: 'ZONE', include: [OFFICE.id] } } });
    assert.equal(included.id, restricted.id);
    assert.deepEqual([included.network?.connection, included.network?.include, included.network?.exclude], ['ZONE', [OFFICE.id], undefined]);
    assert.deepEqual((await readJson(admin, `/api/v1/api-tokens/${restricted.id}`)).network, { connection: 'ZONE', include: [OFFICE.id] }, 'shown as set');
    assert.equal(await works(fromOffice), true, 'from the office zone');
    assert.deepEqual(await refusal(fromElsewhere.apiTokenApi.getApiToken({ apiTokenId: restricted.id })), NOT_FROM_HERE);
    const raw = await fetch(`${server.url}/api/v1/api-tokens/current`, { headers: { Authorization: `SSWS ${restricted.token}` } });
    assert.equal(raw.status, 403);
    assert.equal(raw.headers.get('x-rate-limit-remaining'), null, 'refused before it is counted');

    const excluded = await admin.apiTokenApi.upsertApiToken({ apiTokenId: restricted.id, apiTokenUpdate: { network: { connection: 'ZONE', exclude: [OFFICE.id] } } });
    assert.equal(excluded.name, 'office only', 'a name not given is kept');
    assert.deepEqual(await refusal(fromOffice.apiTokenApi.getApiToken({ apiTokenId: restricted.id })), NOT_FROM_HERE);
    assert.equal(await works(fromElsewhere), true, 'outside the excluded zone');

    // Okta's example body, over HTTP: the read-only clientName and created are ignored, userId repeats the token's.
    const put = (id: string, body: unknown) => fetch(`${server.url}/api/v1/api-tokens/${id}`, {
      method: 'PUT', headers: { Authorization: `SSWS ${adminToken}`, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body),
    });
    const before = await readJson(admin, `/api/v1/api-tokens/${restricted.id}`);
    const anywhere = await put(restricted.id, { name: 'renamed', clientName: 'client_name', userId: null, network: { connection: 'ANYWHERE' }, created: '2021-11-09T20:38:10.000Z' });
    assert.equal(anywhere.status, 200);
    assert.deepEqual(await anywhere.json(), { ...before, name: 'renamed', network: { connection: 'ANYWHERE' } });
    assert.equal(await works(fromOffice) && await works(fromElsewhere), true, 'from anywhere again');

    const invalid = async (body: unknown, errorCause: string) => {
      const r = await put(restricted.id, body);
      const json = await r.json();
      assert.deepEqual([r.status, json.errorCode, json.errorCauses], [400, 'E0000001', [{ errorSummary: errorCause }]], JSON.stringify(body));
      assert.equal(json.errorSummary, `Api validation failed: ${errorCause.split(':')[0]}`);
    };
    await invalid({ name: 'no network' }, 'network: is required');
    await invalid({ network: { connection: 'ZONE' } }, 'network: connection ZONE needs zones to include or exclude');
    await invalid({ network: { connection: 'ZONE', include: ['nzoNowhere'] } }, 'network.include: no network zone has the id nzoNowhere');
    await invalid({ network: { connection: 'ZONE', exclude: 'nzoOffice' } }, 'network.exclude: must be a list of network zone ids');
    await invalid({ network: { connection: 'ANYWHERE', include: [OFFICE.id] } }, 'network: include and exclude apply to connection ZONE only');
    await invalid({ network: { connection: 'OFFICE' } }, 'network.connection: must be ANYWHERE or ZONE');
    await invalid({ name: ' ', network: { connection: 'ANYWHERE' } }, 'name: must be a name');
    await invalid({ userId: '00uSomeoneElse', network: { connection: 'ANYWHERE' } }, 'userId: cannot be changed');
    await invalid([], 'body: must be a JSON object');
    assert.equal((await readJson(admin, `/api/v1/api-tokens/${restricted.id}`)).name, 'renamed', 'a refused update changes nothing');
    assert.deepEqual(await refusal(admin.apiTokenApi.upsertApiToken({ apiTokenId: '00Tnonexistent000000', apiTokenUpdate: { network: { connection: 'ANYWHERE' } } })),
      { status: 404, errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00Tnonexistent000000 (ApiToken)' });
  });

  it('a token made with the CLI for a user, with its own window, shows both', async () => {
    const made = await runCli(['admin', 'api-token', 'create', '--name', 'ci', '--token-window', 'PT12H', '--login', TEST.user, '--database-url', server.database.url]);
    assert.equal(made.code, 0, made.stderr);
    const client = sdk(made.stdout.trim());
    const current = await readJson(client, '/api/v1/api-tokens/current');
    const ada = (await server.lk.store.users.findByLogin(TEST.user))!;
    assert.equal(current.userId, ada.id);
    assert.equal(current.tokenWindow, 'PT12H');
    assert.equal(Date.parse(current.expiresAt) - Date.parse(current.lastUpdated), 12 * 3600_000);
    assert.equal(current._links.user.href, `${server.url}/api/v1/users/${ada.id}`);
    const refused = await runCli(['admin', 'api-token', 'create', '--name', 'ci', '--token-window', 'P1Y', '--database-url', server.database.url]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not an ISO 8601 duration from PT5M to P180D/);
  });
});

describe('sessionApi', () => {
  it('creates a session from an authn sessionToken, reads, refreshes and revokes it by id', async () => {
    const admin = sdk((await newToken('sessions')).token);
    const created = await admin.sessionApi.createSession({ createSessionRequest: { sessionToken: await sessionTokenOf(TEST.otherUser) } });
    assert.equal(created.login, TEST.otherUser);
    assert.equal(created.status, 'ACTIVE');
    assert.match(created.id!, /^102[A-Za-z0-9_-]{22}$/);

    const got = await admin.sessionApi.getSession({ sessionId: created.id! });
    assert.equal(got.id, created.id);
    assert.equal(got.userId, created.userId);
    assert.deepEqual(got.amr, ['pwd']);
    const raw = await readJson(admin, `/api/v1/sessions/${created.id}`);
    assert.equal(raw._links.self.href, `${server.url}/api/v1/sessions/${created.id}`);
    assert.equal(raw._links.refresh.href, `${server.url}/api/v1/sessions/${created.id}/lifecycle/refresh`);
    assert.equal(raw._links.user.href, `${server.url}/api/v1/users/${created.userId}`);

    clock.advance(60_000);
    const refreshed = await admin.sessionApi.refreshSession({ sessionId: created.id! });
    assert.equal(refreshed.id, created.id);
    assert.ok(refreshed.expiresAt!.getTime() > got.expiresAt!.getTime(), 'the idle deadline moved on');

    await admin.sessionApi.revokeSession({ sessionId: created.id! });
    // The same client: the DELETE cleared what its cache held under the session's self link.
    assert.deepEqual(await refusal(admin.sessionApi.getSession({ sessionId: created.id! })),
      { status: 404, errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${created.id} (Session)` });
    assert.equal((await refusal(admin.sessionApi.refreshSession({ sessionId: created.id! }))).errorCode, 'E0000007');
    assert.equal((await refusal(admin.sessionApi.revokeSession({ sessionId: created.id! }))).status, 404);
    assert.equal((await refusal(admin.sessionApi.getSession({ sessionId: 'not-a-session-id' }))).errorCode, 'E0000007');
  });
});

describe('userApi.revokeUserSessions', () => {
  it('ends every session of the user, with oauthTokens=true their refresh tokens (not without), with forgetDevices (the default) their remembered devices', async () => {
    const admin = sdk((await newToken('clear sessions')).token, false);
    const ada = (await server.lk.store.users.findByLogin(TEST.user))!;

    const first = await signIn();
    const made = await admin.sessionApi.createSession({ createSessionRequest: { sessionToken: await sessionTokenOf(TEST.user) } });
    await admin.userApi.revokeUserSessions({ userId: ada.id, oauthTokens: false });
    assert.equal(await sessionSignsIn(first.browser), false, 'the IDX session ended');
    assert.equal((await refusal(admin.sessionApi.getSession({ sessionId: made.id! }))).errorCode, 'E0000007');
    assert.equal(await refreshes(first.refreshToken), true, 'oauthTokens=false: the refresh token still works');

    const second = await signIn();
    const before = log.events().length;
    await admin.userApi.revokeUserSessions({ userId: ada.id, oauthTokens: true });
    assert.equal(await sessionSignsIn(second.browser), false);
    assert.equal(await refreshes(second.refreshToken), false, 'oauthTokens=true: the refresh token is revoked');
    const events = log.events().slice(before).map((e) => e.eventType);
    assert.ok(events.includes('user.session.clear') && events.includes('app.oauth2.as.token.revoke'), events.join());

    assert.equal((await signIn()).refreshToken.length > 0, true, 'the user signs in again');

    // A device remembered for Ada's MFA ("Keep me signed in"), as a sign-in records it.
    await server.lk.store.signInHistory.signedIn(ada.id, 'remembered-device', '127.0.0.1', clock.now(), true);
    await admin.userApi.revokeUserSessions({ userId: ada.id, forgetDevices: false });
    assert.ok(await server.lk.store.signInHistory.mfaRememberedAt(ada.id, 'remembered-device'), 'forgetDevices=false: still remembered');
    await admin.userApi.revokeUserSessions({ userId: ada.id });
    assert.equal(await server.lk.store.signInHistory.mfaRememberedAt(ada.id, 'remembered-device'), undefined, 'forgotten by default');
    assert.deepEqual(await refusal(admin.userApi.revokeUserSessions({ userId: '00unobody' })),
      { status: 404, errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00unobody (User)' });
    const badFlag = await refusal(admin.http.http(`${server.url}/api/v1/users/${ada.id}/sessions?oauthTokens=yes`, init({ method: 'DELETE' })));
    assert.equal(badFlag.errorCode, 'E0000001');
  });
});

describe('the upgrade endpoints through the SDK\'s HTTP client', () => {
  it('reads status and check, runs a dry run, and is refused with a revoked token', async () => {
    const { token, id } = await newToken('upgrade');
    const client = sdk(token);
    const status = await readJson(client, '/api/v1/upgrade/status');
    assert.equal(typeof status.engine, 'string');
    assert.ok(Array.isArray(status.apps));
    const check = await readJson(client, '/api/v1/upgrade/check');
    assert.equal(typeof check.ready, 'boolean');
    const dryRun = await client.http.http(`${server.url}/api/v1/upgrade/org`, init({ method: 'POST', body: JSON.stringify({ dryRun: true }), headers: { 'Content-Type': 'application/json' } })).catch((error: OktaApiError) => error);
    // The test org runs the Identity Engine already: the step does not apply, which Okta answers 409 E0000001.
    assert.ok(dryRun instanceof OktaApiError && dryRun.status === 409 && dryRun.errorCode === 'E0000001', String(dryRun));

    await sdk((await newToken('other')).token).apiTokenApi.revokeApiToken({ apiTokenId: id });
    assert.deepEqual(await refusal(client.http.getJson(`${server.url}/api/v1/upgrade/check`)), INVALID_TOKEN);
  });
});

describe('userApi lifecycle', () => {
  it('reads a user by id or login; suspend ends their sessions and tokens, unsuspend lets them sign in again, deactivate too', async () => {
    const admin = sdk((await newToken('lifecycle')).token, false);
    const cy = (await server.lk.store.users.findByLogin(CY))!;
    const byId = await admin.userApi.getUser({ userId: cy.id });
    const byLogin = await admin.userApi.getUser({ userId: CY });
    assert.equal(byId.id, cy.id);
    assert.equal(byLogin.id, cy.id);
    assert.equal(byId.status, 'ACTIVE');
    assert.equal(byId.profile?.login, CY);
    assert.equal(byId.credentials?.provider?.type, 'OKTA');
    const raw = await readJson(admin, `/api/v1/users/${cy.id}`);
    assert.equal(raw._links.self.href, `${server.url}/api/v1/users/${cy.id}`);
    assert.equal(raw._links.suspend.href, `${server.url}/api/v1/users/${cy.id}/lifecycle/suspend`);
    assert.ok(!JSON.stringify(raw).includes(cy.passwordHash!), 'nothing of the password');

    const held = await signIn(CY);
    await admin.userApi.suspendUser({ userId: cy.id });
    assert.equal((await admin.userApi.getUser({ userId: cy.id })).status, 'SUSPENDED');
    assert.equal(await sessionSignsIn(held.browser), false, 'the session ended');
    assert.equal(await refreshes(held.refreshToken), false, 'the refresh token is revoked');
    assert.deepEqual(await refusal(admin.userApi.suspendUser({ userId: cy.id })),
      { status: 400, errorCode: 'E0000001', errorSummary: 'Api validation failed: Cannot suspend a user that is not active' });

    // As a script sends it: `Content-Type: application/json` and no body at all.
    const unsuspended = await admin.http.http(`${server.url}/api/v1/users/${cy.id}/lifecycle/unsuspend`, init({ method: 'POST', headers: { 'Content-Type': 'application/json' } }));
    assert.equal(unsuspended.status, 200);
    assert.deepEqual(await unsuspended.json(), {});
    const again = await signIn(CY);
    assert.equal(await sessionSignsIn(again.browser), true, 'unsuspended: a new sign-in works');
    await admin.userApi.deactivateUser({ userId: CY });
    assert.equal((await admin.userApi.getUser({ userId: cy.id })).status, 'DEPROVISIONED');
    assert.equal(await sessionSignsIn(again.browser), false, 'deactivated: the session ends');
    assert.equal(await refreshes(again.refreshToken), false, 'and the tokens');
    assert.equal((await refusal(admin.userApi.unsuspendUser({ userId: cy.id }))).errorCode, 'E0000001');
    assert.deepEqual(await refusal(admin.userApi.getUser({ userId: 'nobody@example.com' })),
      { status: 404, errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nobody@example.com (User)' });
  });
});

// Last: it moves the server's clock on by minutes (tokens signed after it would look issued in the future).
describe('API token expiry', () => {
  it('a token expires after its window without use; each use moves its expiry, recorded at most once a minute', async () => {
    const { token, summary } = await createApiToken(server.lk.store, 'short', clock.now(), { tokenWindow: 'PT5M' });
    const watcher = sdk((await newToken('watcher')).token, false);
    const shown = async () => watcher.apiTokenApi.getApiToken({ apiTokenId: summary.id });
    const client = sdk(token, false);
    const first = await shown();

    clock.advance(30_000);
    await client.http.getJson(`${server.url}/api/v1/upgrade/status`);
    assert.equal((await shown()).lastUpdated!.getTime(), first.lastUpdated!.getTime(), 'a use within the minute is not written');

    clock.advance(4 * 60_000);
    await client.http.getJson(`${server.url}/api/v1/upgrade/status`);
    const used = await shown();
    assert.ok(used.lastUpdated!.getTime() > first.lastUpdated!.getTime(), 'the use is recorded');
    assert.equal(used.expiresAt!.getTime() - used.lastUpdated!.getTime(), 5 * 60_000);

    clock.advance(4 * 60_000);
    await client.http.getJson(`${server.url}/api/v1/upgrade/status`);
    clock.advance(5 * 60_000 + 1);
    assert.deepEqual(await refusal(client.http.getJson(`${server.url}/api/v1/upgrade/status`)), INVALID_TOKEN);
    assert.equal((await refusal(shown())).status, 404, 'an expired token is not found');
    const listed = await all(await watcher.apiTokenApi.listApiTokens());
    assert.ok(!listed.some((t) => t.id === summary.id), 'nor listed');
  });
});
