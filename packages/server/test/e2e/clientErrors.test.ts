import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { startTestServer, type TestServer } from '../support/server.js';
import { testOrg } from '../support/testOrg.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ org: testOrg() });
});
after(() => server.stop());

/** A GET through `agent`; answers the response with its body and the socket it came on. */
function get(agent: Agent, path: string, headers: Record<string, string> = {}): Promise<{ res: IncomingMessage; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { agent, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ res, body, socket: req.socket as Socket }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('headers over the limit: 431 with Connection: close, and a keep-alive client\'s next request succeeds on a new socket', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await get(agent, '/healthz');
    assert.equal(first.res.statusCode, 200);
    const tooLarge = await get(agent, '/healthz', { 'x-filler': 'a'.repeat(20_000) });
    assert.equal(tooLarge.res.statusCode, 431);
    assert.equal(tooLarge.res.headers.connection, 'close');
    assert.equal(JSON.parse(tooLarge.body).errorCode, 'E0000003');
    const next = await get(agent, '/healthz');
    assert.equal(next.res.statusCode, 200);
    assert.notEqual(next.socket, tooLarge.socket);
  } finally {
    agent.destroy();
  }
});
