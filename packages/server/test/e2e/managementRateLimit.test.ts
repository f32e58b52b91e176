import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@okta/okta-sdk-nodejs';
import { createApiToken } from '../../src/org/apiTokens.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { endpointGroupOf } from '../../src/management/rateLimits.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

/*
 * The management API's rate limits, as Okta's: counted per API token and endpoint group, said in
 * X-Rate-Limit-* on every answer, 429 E0000047 over the limit; okta-sdk-nodejs waits for the
 * window's end (X-Rate-Limit-Reset against the Date header) and retries. The server runs on the real
 * clock (the SDK reads Node's own Date header) with a 3-second window and a limit of 3 in `other`,
 * so a test sees a window end.
 */

const WINDOW_MS = 3000;
const OTHER_LIMIT = 3;
const USER_LIMIT = 5;
let server: TestServer;
before(async () => {
  server = await startTestServer({
    org: testOrg(),
    configOverrides: { managementRateLimits: `other=${OTHER_LIMIT}, user=${USER_LIMIT}`, managementRateLimitWindowSeconds: String(WINDOW_MS / 1000) },
  });
});
after(() => server.stop());

const newToken = async (name: string) => {
  const { token, summary } = await createApiToken(server.lk.store, name, Date.now());
  return { token, id: summary.id };
};

const get = (token: string, path: string) => fetch(`${server.url}${path}`, { headers: { Authorization: `SSWS ${token}`, Accept: 'application/json' } });

/** Waits until a window has just begun, so the requests that follow fall in one window (windows are aligned to their length). */
const atWindowStart = () => sleep(WINDOW_MS - (Date.now() % WINDOW_MS) + 20);

const limits = (r: Response) => ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset'].map((h) => r.headers.get(h));

describe('management rate limits', () => {
  it('every answer, errors too, carries X-Rate-Limit-* counting down per token and endpoint group; over the limit 429 E0000047 with the same headers', async () => {
    await atWindowStart();
    const windowEnd = Math.ceil((Math.floor(Date.now() / WINDOW_MS) + 1) * WINDOW_MS / 1000);
    const a = await newToken('a');
    const answers = [
      await get(a.token, '/api/v1/api-tokens/00Tnonexistent000000'),
      ...await Promise.all(Array.from({ length: OTHER_LIMIT - 1 }, () => get(a.token, '/api/v1/api-tokens/current'))),
    ];
    const refused = await get(a.token, '/api/v1/upgrade/status');
    assert.deepEqual([...answers, refused].map((r) => r.status), [404, 200, 200, 429]);
    assert.deepEqual([...answers, refused].map((r) => r.headers.get('x-rate-limit-remaining')).sort(), ['0', '0', '1', '2']);
    for (const r of [...answers, refused]) {
      assert.equal(r.headers.get('x-rate-limit-limit'), String(OTHER_LIMIT));
      assert.equal(r.headers.get('x-rate-limit-reset'), String(windowEnd), 'the window\'s end, epoch seconds');
    }
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= WINDOW_MS / 1000, `Retry-After ${retryAfter}`);
    assert.deepEqual(await refused.json(), {
      errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.', errorLink: 'E0000047',
      errorId: refused.headers.get('x-okta-request-id'), errorCauses: [],
    });

    const b = await newToken('b');
    const other = await get(b.token, '/api/v1/api-tokens/current');
    assert.deepEqual([other.status, ...limits(other)], [200, String(OTHER_LIMIT), String(OTHER_LIMIT - 1), String(windowEnd)], 'another token has its own count');

    const ada = (await server.lk.store.users.findByLogin(TEST.user))!;
    const user = await get(a.token, `/api/v1/users/${ada.id}`);
    assert.deepEqual([user.status, ...limits(user).slice(0, 2)], [200, String(USER_LIMIT), String(USER_LIMIT - 1)], 'reading a user is another group');
    const session = await get(a.token, '/api/v1/sessions/unknown');
    assert.deepEqual([session.status, ...limits(session).slice(0, 2)], [404, '150', '149'], 'sessions keep the default limit');

    const unauthenticated = await get('00not-a-token', '/api/v1/api-tokens/current');
    assert.equal(unauthenticated.status, 401);
    assert.equal(unauthenticated.headers.get('x-rate-limit-limit'), null, 'a request without a valid token is refused before it is counted');

    await sleep(windowEnd * 1000 - Date.now() + 20);
    const next = await get(a.token, '/api/v1/api-tokens/current');
    assert.deepEqual([next.status, ...limits(next)], [200, String(OTHER_LIMIT), String(OTHER_LIMIT - 1), String(windowEnd + WINDOW_MS / 1000)], 'a new window, a new count');
  });

  it('okta-sdk-nodejs waits for X-Rate-Limit-Reset and retries: the call succeeds once the window has passed', async () => {
    await atWindowStart();
    const { token, id } = await newToken('sdk');
    for (let i = 0; i < OTHER_LIMIT; i++) assert.equal((await get(token, '/api/v1/api-tokens/current')).status, 200);

    const client = new Client({ orgUrl: server.url, token });
    const backoffs: Array<{ requestId: string; reset: number; delayMs: number }> = [];
    const retries: Array<Record<string, unknown>> = [];
    client.requestExecutor.on('backoff', (_request: unknown, response: Response, requestId: string, delayMs: number) =>
      backoffs.push({ requestId, reset: Number(response.headers.get('x-rate-limit-reset')), delayMs }));
    client.requestExecutor.on('resume', (request: { headers: Record<string, unknown> }) => retries.push(request.headers));
    const got = await client.apiTokenApi.getApiToken({ apiTokenId: id });
    const answeredAt = Date.now();

    assert.equal(got.id, id);
    assert.equal(backoffs.length, 1, 'refused once, then answered');
    assert.ok(answeredAt >= backoffs[0].reset * 1000, 'the retry waited for the window to end');
    assert.ok(backoffs[0].delayMs <= WINDOW_MS + 2000, `waited ${backoffs[0].delayMs} ms`);
    assert.equal(retries[0]['X-Okta-Retry-For'], backoffs[0].requestId, 'the retry names the refused request');
    assert.equal(retries[0]['X-Okta-Retry-Count'], 1);
  });
});

describe('the management rate-limit settings', () => {
  it('default to 150 a minute per group; GROUP=N entries replace their group\'s limit; anything else is refused', () => {
    const defaults = loadConfig({}, {});
    assert.deepEqual(defaults.managementRateLimits, { users: 150, user: 150, 'user-updates': 150, sessions: 150, other: 150 });
    assert.equal(defaults.managementRateLimitWindowSeconds, 60);
    const set = loadConfig({}, { LATCHKEY_MANAGEMENT_RATE_LIMITS: 'users=600, other=20', LATCHKEY_MANAGEMENT_RATE_LIMIT_WINDOW: '10' });
    assert.deepEqual(set.managementRateLimits, { users: 600, user: 150, 'user-updates': 150, sessions: 150, other: 20 });
    assert.equal(set.managementRateLimitWindowSeconds, 10);
    const refused = (raw: Record<string, string>, message: RegExp) => assert.throws(() => loadConfig(raw, {}), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    refused({ managementRateLimits: 'groups=5' }, /^--management-rate-limits \(LATCHKEY_MANAGEMENT_RATE_LIMITS\) must be a comma-separated list of GROUP=N, GROUP one of users, user, user-updates, sessions, other, got "groups=5"$/);
    refused({ managementRateLimits: 'other=0' }, /must be a whole number from 1 to 1000000, got "0"/);
    refused({ managementRateLimits: 'other' }, /must be a whole number from 1 to 1000000, got ""/);
    refused({ managementRateLimitWindowSeconds: '3601' }, /^--management-rate-limit-window \(LATCHKEY_MANAGEMENT_RATE_LIMIT_WINDOW\) must be a whole number from 1 to 3600/);
  });

  it('groups requests by route as Okta\'s table does', () => {
    const table: Array<[string, string, string]> = [
      ['GET', '/api/v1/users', 'users'], ['POST', '/api/v1/users', 'users'],
      ['GET', '/api/v1/users/:userId', 'user'], ['POST', '/api/v1/users/:userId', 'user-updates'], ['DELETE', '/api/v1/users/:id', 'user-updates'],
      ['POST', '/api/v1/users/:userId/lifecycle/suspend', 'other'], ['DELETE', '/api/v1/users/:userId/sessions', 'other'],
      ['POST', '/api/v1/sessions', 'sessions'], ['GET', '/api/v1/sessions/:sessionId', 'sessions'],
      ['GET', '/api/v1/api-tokens', 'other'], ['GET', '/api/v1/sessionsx', 'other'],
    ];
    for (const [method, route, group] of table) assert.equal(endpointGroupOf(method, route), group, `${method} ${route}`);
    assert.equal(endpointGroupOf('GET', undefined), 'other', 'no route (not found)');
  });
});
