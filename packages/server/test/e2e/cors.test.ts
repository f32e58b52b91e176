import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

// Every CORS header of every kind of answer, compared whole: a header added or lost anywhere fails.
let server: TestServer;
const TRUSTED = 'http://localhost:3000';
const REDIRECT_ONLY = 'http://redirect-only.example';
const EXPOSED = 'X-Okta-Request-Id, X-Rate-Limit-Limit, X-Rate-Limit-Remaining, X-Rate-Limit-Reset, WWW-Authenticate';
const METHODS = 'GET, POST, PUT, DELETE, OPTIONS';

before(async () => {
  const org = testOrg();
  server = await startTestServer({ org: { ...org, trustedOrigins: [...org.trustedOrigins, { name: 'Redirects only', origin: REDIRECT_ONLY, scopes: ['REDIRECT'] }] } });
});
after(() => server.stop());

/** The response's Access-Control-* headers and Vary, by lower-case name. */
function corsHeaders(r: Response): Record<string, string> {
  return Object.fromEntries([...r.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary'));
}

const preflight = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { method: 'OPTIONS', headers });
const tokenRequest = (headers: Record<string, string> = {}) => fetch(`${server.url}/oauth2/default/v1/token`, {
  method: 'POST', body: 'grant_type=client_credentials',
  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${TEST.service.clientId}:${TEST.service.secret}`).toString('base64')}` },
});

it('answers a trusted origin\'s preflight with 204, an empty body and every Access-Control header, echoing the requested headers', async () => {
  const r = await preflight('/oauth2/default/v1/token', { origin: TRUSTED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-okta-user-agent-extended' });
  assert.equal(r.status, 204);
  assert.equal(r.headers.get('content-length'), '0');
  assert.equal(await r.text(), '');
  assert.deepEqual(corsHeaders(r), {
    'access-control-allow-origin': TRUSTED, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': EXPOSED,
    'access-control-allow-methods': METHODS, 'access-control-allow-headers': 'content-type,x-okta-user-agent-extended', 'access-control-max-age': '600',
    vary: 'Origin, Access-Control-Request-Headers',
  });
  assert.ok(r.headers.get('x-okta-request-id'), 'the shared security headers are on the preflight too');
});

it('answers a preflight that asks for no headers without Access-Control-Allow-Headers, on a path with a query string too', async () => {
  const r = await preflight('/oauth2/default/v1/keys?client_id=x', { origin: TRUSTED, 'access-control-request-method': 'GET' });
  assert.equal(r.status, 204);
  assert.deepEqual(corsHeaders(r), {
    'access-control-allow-origin': TRUSTED, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': EXPOSED,
    'access-control-allow-methods': METHODS, 'access-control-max-age': '600', vary: 'Origin, Access-Control-Request-Headers',
  });
});

it('refuses an OPTIONS from a trusted origin that names no method with 400 Invalid Preflight Request', async () => {
  const r = await preflight('/idp/idx/introspect', { origin: TRUSTED });
  assert.equal(r.status, 400);
  assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
  assert.equal(await r.text(), 'Invalid Preflight Request');
  assert.deepEqual(corsHeaders(r), {
    'access-control-allow-origin': TRUSTED, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': EXPOSED, vary: 'Origin',
  });
});

it('answers preflights it does not allow with the Okta 404 and only Vary: Origin', async () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['/oauth2/default/v1/token', { origin: 'https://evil.example', 'access-control-request-method': 'POST' }],
    ['/oauth2/default/v1/token', { origin: REDIRECT_ONLY, 'access-control-request-method': 'POST' }],
    ['/oauth2/default/v1/token', { 'access-control-request-method': 'POST' }],
    ['/oauth2/default/v1/authorize', { origin: TRUSTED, 'access-control-request-method': 'GET' }],
    ['/nope', { origin: TRUSTED, 'access-control-request-method': 'GET' }],
  ];
  for (const [path, headers] of cases) {
    const r = await preflight(path, headers);
    const what = `${path} ${JSON.stringify(headers)}`;
    assert.equal(r.status, 404, what);
    assert.equal((await r.json()).errorCode, 'E0000007', what);
    assert.deepEqual(corsHeaders(r), { vary: 'Origin' }, what);
  }
});

it('adds the origin, credentials and exposed headers to a trusted origin\'s request, with Vary: Origin', async () => {
  const r = await tokenRequest({ origin: TRUSTED });
  assert.equal(r.status, 200);
  assert.deepEqual(corsHeaders(r), {
    'access-control-allow-origin': TRUSTED, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': EXPOSED, vary: 'Origin',
  });
  const failed = await fetch(`${server.url}/oauth2/default/v1/token`, { method: 'POST', headers: { origin: TRUSTED, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
  assert.equal(failed.status, 401);
  assert.deepEqual(corsHeaders(failed), {
    'access-control-allow-origin': TRUSTED, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': EXPOSED, vary: 'Origin',
  }, 'errors carry them too, so the SPA can read the error');
});

it('sends only Vary: Origin to requests without an origin, from an origin not trusted for CORS, and on paths without CORS', async () => {
  const answers: Array<[string, Response]> = [
    ['token, no origin', await tokenRequest()],
    ['token, untrusted origin', await tokenRequest({ origin: 'https://evil.example' })],
    ['token, origin trusted for redirects only', await tokenRequest({ origin: REDIRECT_ONLY })],
    ['authorize, trusted origin', await fetch(`${server.url}/oauth2/default/v1/authorize?client_id=x`, { headers: { origin: TRUSTED }, redirect: 'manual' })],
    ['healthz, trusted origin', await fetch(`${server.url}/healthz`, { headers: { origin: TRUSTED } })],
    ['unknown path, trusted origin', await fetch(`${server.url}/nope`, { headers: { origin: TRUSTED } })],
  ];
  for (const [what, r] of answers) {
    await r.arrayBuffer();
    assert.deepEqual(corsHeaders(r), { vary: 'Origin' }, what);
  }
});
