import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createHttpServer } from '../../src/http/server.js';
import { rateLimit } from '../../src/http/rateLimit.js';
import { RateLimiter } from '../../src/platform/rateLimiter.js';
import { createLogger } from '../../src/platform/logger.js';
import { Store } from '../../src/store/store.js';
import { postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from '../support/databases.js';

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
