import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

let server: TestServer;
let stopped = false;
before(async () => {
  server = await startTestServer({ org: testOrg() });
});
after(async () => {
  if (!stopped) await server.stop();
});

it('sends security headers and no-store on token responses', async () => {
  const r = await fetch(`${server.url}/oauth2/default/v1/token`, {
    method: 'POST', body: 'grant_type=client_credentials',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${TEST.service.clientId}:${TEST.service.secret}`).toString('base64')}` },
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.headers.get('pragma'), 'no-cache');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.ok(r.headers.get('x-okta-request-id'));
});

it('answers CORS only for trusted origins', async () => {
  const preflight = (origin: string) => fetch(`${server.url}/oauth2/default/v1/token`, {
    method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  const trusted = await preflight('http://localhost:3000');
  assert.equal(trusted.headers.get('access-control-allow-origin'), 'http://localhost:3000');
  assert.equal(trusted.headers.get('access-control-allow-credentials'), 'true');
  const untrusted = await preflight('https://evil.example');
  assert.equal(untrusted.headers.get('access-control-allow-origin'), null);
});

it('answers CORS only where a browser client calls: not /authorize, /logout or the dev outbox, even for a trusted origin', async () => {
  const origin = 'http://localhost:3000';
  const preflight = (path: string, method: string) => fetch(`${server.url}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method } });
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { origin }, redirect: 'manual' });
  for (const path of ['/oauth2/default/v1/authorize?client_id=x', '/oauth2/v1/logout', '/api/dev/outbox', '/login/token/redirect?stateToken=x']) {
    const p = await preflight(path, 'GET');
    assert.equal(p.headers.get('access-control-allow-origin'), null, `preflight ${path}`);
    assert.notEqual(p.status, 204, `preflight ${path}`);
    const r = await get(path);
    await r.arrayBuffer();
    assert.equal(r.headers.get('access-control-allow-origin'), null, `GET ${path}`);
  }
  assert.equal((await get('/api/dev/outbox')).status, 200, 'the outbox is there (dev mode), just not for other origins');
  for (const [path, method] of [['/oauth2/default/v1/token', 'POST'], ['/oauth2/v1/keys', 'GET'], ['/oauth2/default/.well-known/openid-configuration', 'GET'], ['/.well-known/openid-configuration', 'GET'], ['/oauth2/default/v1/userinfo', 'GET'], ['/idp/idx/identify', 'POST']]) {
    assert.equal((await preflight(path, method)).headers.get('access-control-allow-origin'), origin, `preflight ${path}`);
  }
  const keys = await get('/oauth2/default/v1/keys');
  assert.equal(keys.headers.get('access-control-allow-origin'), origin);
});

it('IDX preflights from a trusted origin echo the origin, credentials and the headers the SDKs send', async () => {
  const r = await fetch(`${server.url}/idp/idx/introspect`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,accept,x-okta-user-agent-extended,x-custom-app-header' },
  });
  assert.equal(r.headers.get('access-control-allow-origin'), 'http://localhost:3000');
  assert.equal(r.headers.get('access-control-allow-credentials'), 'true');
  assert.match(r.headers.get('access-control-allow-headers') ?? '', /x-okta-user-agent-extended/i);
  assert.match(r.headers.get('access-control-allow-headers') ?? '', /x-custom-app-header/i);
});

it('unknown paths answer an Okta-style 404', async () => {
  const r = await fetch(`${server.url}/nope?secret=1`);
  assert.equal(r.status, 404);
  const body = await r.json();
  assert.equal(body.errorCode, 'E0000007');
  assert.equal(body.errorSummary, 'Not found: Resource not found: /nope (Page)');
  assert.ok(body.errorId);
});

it('graceful shutdown: a request in flight finishes, new connections are refused, the database closes', async () => {
  const body = 'grant_type=client_credentials';
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let response = '';
  socket.on('data', (d) => (response += d));
  const ended = new Promise((resolve) => socket.once('close', resolve));
  // Headers and half the body now; the rest after shutdown has begun.
  socket.write(`POST /oauth2/default/v1/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
    `Authorization: Basic ${Buffer.from(`${TEST.service.clientId}:${TEST.service.secret}`).toString('base64')}\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const closing = server.stop();
  stopped = true;
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.write(body.slice(10));
  await ended;
  await closing;
  assert.match(response, /^HTTP\/1\.1 200/);
  assert.match(response, /"access_token"/);
  await assert.rejects(fetch(`${server.url}/healthz`));
});
