import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createHttpServer } from '../../src/http/server.js';
import { rateLimit } from '../../src/http/rateLimit.js';
import { RateLimiter } from '../../src/platform/rateLimiter.js';
import { createLogger } from '../../src/platform/logger.js';
import { Store } from '../../src/store/store.js';
import { postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestServerPair, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

// A fixed time, well inside one window, so no request of a test crosses into the next window.
const NOW = 1_700_000_010_000;
const RESET = '1700000040';
const clock = { now: () => NOW };

const closers: Array<() => Promise<void>> = [];
const databases: TestDatabase[] = [];
after(async () => {
  for (const close of closers) await close();
  for (const database of databases) await database.drop();
});

/** One Latchkey HTTP shell on its own Store (a process, in effect) with one rate-limited route. */
async function startApp(database: TestDatabase): Promise<FastifyInstance> {
  const store = Store.open(database.url);
  await store.migrate();
  const app = await createHttpServer({ logger: createLogger('silent'), bodyLimit: 1024, secure: false, trustProxy: false, store });
  const limited = rateLimit(new RateLimiter(store, clock), {
    name: 'test', max: 3, windowMs: 60_000, key: (request) => request.headers['x-client'] as string | undefined,
  });
  app.get('/limited', { preHandler: limited, config: { surface: 'api' } }, async () => ({ ok: true }));
  app.get('/limited-oauth', { preHandler: limited, config: { surface: 'oauth' } }, async () => ({ ok: true }));
  await app.ready();
  closers.push(async () => {
    await app.close();
    await store.close();
  });
  return app;
}

function useDatabase(database: TestDatabase): TestDatabase {
  databases.push(database);
  return database;
}

const get = (app: FastifyInstance, client?: string, url = '/limited') =>
  app.inject({ method: 'GET', url, headers: client ? { 'x-client': client } : {} });

it('allows max requests, then answers 429 with the Okta body and rate-limit headers', async () => {
  const app = await startApp(useDatabase(sqliteTestDatabase()));
  const responses = [];
  for (let i = 0; i < 5; i++) responses.push(await get(app, 'alice'));
  assert.deepEqual(responses.map((r) => r.statusCode), [200, 200, 200, 429, 429]);
  assert.deepEqual(responses.map((r) => r.headers['x-rate-limit-remaining']), ['2', '1', '0', '0', '0']);
  for (const r of responses) {
    assert.equal(r.headers['x-rate-limit-limit'], '3');
    assert.equal(r.headers['x-rate-limit-reset'], RESET);
  }
  const refused = responses[3];
  assert.equal(refused.headers['retry-after'], '30');
  assert.ok(refused.headers['x-okta-request-id']);
  assert.deepEqual(refused.json(), {
    errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorLink: 'E0000047',
    errorId: refused.headers['x-okta-request-id'], errorCauses: [],
  });
  // Another key has its own bucket; OAuth routes answer the same Okta body.
  assert.equal((await get(app, 'bob')).statusCode, 200);
  const oauth = await get(app, 'alice', '/limited-oauth');
  assert.equal(oauth.statusCode, 429);
  assert.equal(oauth.json().errorCode, 'E0000047');
});

it('requests without a key are not counted', async () => {
  const app = await startApp(useDatabase(sqliteTestDatabase()));
  for (let i = 0; i < 5; i++) {
    const r = await get(app);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['x-rate-limit-limit'], undefined);
  }
});

it('two processes on one PostgreSQL database share the counter', async (t) => {
  const database = await postgresTestDatabase();
  if (!database) return t.skip('PostgreSQL is not reachable');
  useDatabase(database);
  const a = await startApp(database);
  const b = await startApp(database);
  const responses = [];
  for (let i = 0; i < 5; i++) responses.push(await get(i % 2 ? b : a, 'carol'));
  assert.deepEqual(responses.map((r) => r.statusCode), [200, 200, 200, 429, 429]);
  assert.deepEqual(responses.map((r) => r.headers['x-rate-limit-remaining']), ['2', '1', '0', '0', '0']);
});

describe('the OAuth endpoints\' limits, shared by two processes on one database', () => {
  // Frozen 1 s into a minute: every request of a test falls in one window. Behind a (pretend) proxy,
  // so each test is its own client address.
  let frozen = Math.floor(Date.now() / 60_000) * 60_000 + 1_000;
  const oauthClock = { now: () => frozen };
  let pair: Awaited<ReturnType<typeof startTestServerPair>>;
  before(async () => {
    pair = await startTestServerPair({ org: testOrg(), clock: oauthClock, configOverrides: { trustProxy: true } });
  });
  after(() => pair.stop());

  const form = (values: Record<string, string>) => new URLSearchParams(values).toString();
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  /** client_credentials at /token from `ip`, by server a or b. */
  const token = (server: TestServer, ip: string, id: string, secret: string) => fetch(`${server.url}/oauth2/default/v1/token`, {
    method: 'POST', body: form({ grant_type: 'client_credentials' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret), 'x-forwarded-for': ip },
  });
  const servers = (i: number) => (i % 2 ? pair.b : pair.a);
  /** `n` requests, 25 at a time (all in one window, so the order does not matter); answers their statuses. */
  async function statusesOf(n: number, request: (i: number) => Promise<Response>): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < n; i += 25) {
      statuses.push(...(await Promise.all(Array.from({ length: Math.min(25, n - i) }, async (_, j) => {
        const r = await request(i + j);
        await r.arrayBuffer();
        return r.status;
      }))));
    }
    return statuses;
  }

  async function assertOktaRefusal(r: Response, limit: string): Promise<void> {
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('x-rate-limit-limit'), limit);
    assert.equal(r.headers.get('x-rate-limit-remaining'), '0');
    assert.equal(r.headers.get('x-rate-limit-reset'), String(Math.floor(frozen / 60_000) * 60 + 60));
    assert.equal(r.headers.get('retry-after'), '59');
    const body = await r.json();
    assert.equal(body.errorCode, 'E0000047');
    assert.equal(body.errorSummary, 'API call exceeded rate limit due to too many requests.');
  }

  it('/token: a busy client\'s successes are not counted; 10 failed authentications of a client refuse it, right secret included, until the window ends', async () => {
    assert.deepEqual(new Set(await statusesOf(40, (i) => token(servers(i), '192.0.2.1', TEST.service.clientId, TEST.service.secret))), new Set([200]));
    for (let i = 0; i < 10; i++) {
      const r = await token(servers(i), `192.0.2.${10 + i}`, TEST.service.clientId, 'wrong');
      assert.equal(r.status, 401, `failure ${i}`);
      assert.equal((await r.json()).error, 'invalid_client');
    }
    await assertOktaRefusal(await token(pair.a, '192.0.2.1', TEST.service.clientId, TEST.service.secret), '10');
    await assertOktaRefusal(await token(pair.b, '192.0.2.1', TEST.service.clientId, 'wrong'), '10');
    assert.equal((await token(pair.b, '192.0.2.1', TEST.servicePost.clientId, TEST.servicePost.secret)).status, 200, 'other clients are served');
    frozen += 60_000;
    assert.equal((await token(pair.b, '192.0.2.1', TEST.service.clientId, TEST.service.secret)).status, 200, 'the next window serves it again');
  });

  it('/token: 30 failed authentications from one address refuse it, whatever the client, until the window ends', async () => {
    for (let i = 0; i < 30; i++) assert.equal((await token(servers(i), '198.51.100.7', `nobody-${i}`, 'guess')).status, 401, `failure ${i}`);
    await assertOktaRefusal(await token(pair.a, '198.51.100.7', TEST.service.clientId, TEST.service.secret), '30');
    assert.equal((await token(pair.b, '198.51.100.8', TEST.service.clientId, TEST.service.secret)).status, 200, 'other addresses are served');
  });

  it('/authorize: 300 requests a minute from one address, then the hosted error page with status 429 and no redirect', async () => {
    // Each names a redirect URI the client has not registered: counted all the same, and cheap.
    const url = (server: TestServer) => `${server.url}/oauth2/default/v1/authorize?${form({ client_id: TEST.web.clientId, redirect_uri: 'https://evil.example/', response_type: 'code', scope: 'openid', state: 's' })}`;
    assert.deepEqual(new Set(await statusesOf(300, (i) => fetch(url(servers(i)), { redirect: 'manual', headers: { 'x-forwarded-for': '203.0.113.5' } }))), new Set([400]));
    const refused = await fetch(url(pair.a), { redirect: 'manual', headers: { 'x-forwarded-for': '203.0.113.5' } });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('location'), null, 'never redirected');
    assert.match(refused.headers.get('content-type')!, /^text\/html/);
    assert.equal(refused.headers.get('x-rate-limit-limit'), '300');
    assert.equal(refused.headers.get('x-rate-limit-remaining'), '0');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.match(await refused.text(), /role="alert" data-error="too_many_requests"/);
  });

  it('/interact and /keys: 300 and 600 requests a minute from one address, then 429 E0000047', async () => {
    const interact = (server: TestServer) => fetch(`${server.url}/oauth2/default/v1/interact`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.9' },
      body: form({ client_id: TEST.spa.clientId, scope: 'openid', redirect_uri: TEST.redirectUri, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }),
    });
    assert.deepEqual(new Set(await statusesOf(300, (i) => interact(servers(i)))), new Set([200]));
    await assertOktaRefusal(await interact(pair.a), '300');

    const keys = (server: TestServer) => fetch(`${server.url}/oauth2/v1/keys`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.deepEqual(new Set(await statusesOf(600, (i) => keys(servers(i)))), new Set([200]));
    await assertOktaRefusal(await keys(pair.b), '600');
  });
});
