import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callRegistrationHook } from '../../src/engine/registrationHook.js';
import { KeyEncryption } from '../../src/platform/keyEncryption.js';
import type { InlineHook } from '../../src/org/orgFile/registrationSchema.js';

/**
 * The registration inline hook's answers as Okta defines them, from a loopback service whose answer
 * each test sets: what allows, what refuses (and where its messages go), and what counts as a failure.
 */
type Answer = { status: number; body: string; headers?: Record<string, string> };
let answer: Answer;
let calls = 0;
let server: Server;
let uri: string;

before(async () => {
  server = createServer((req, res) => {
    calls++;
    req.resume().on('end', () => res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers }).end(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const hook = (): InlineHook => ({
  id: 'h', name: 'Hook', type: 'com.okta.user.pre-registration', status: 'ACTIVE',
  channel: { type: 'HTTP', version: '1.0.0', config: { uri, method: 'POST', headers: [] } },
});
const profile = { email: 'ann@example.com', firstName: 'Ann' };

async function call(a: Answer) {
  answer = a;
  calls = 0;
  const decision = await callRegistrationHook({ hook: hook(), sealing: new KeyEncryption(randomBytes(32)), baseUrl: 'http://lk', ip: '127.0.0.1', now: 0, userProfile: profile, timeoutMs: 500 });
  return { decision, calls };
}
const json = (status: number, body: unknown): Answer => ({ status, body: JSON.stringify(body) });
const keysOf = (d: Awaited<ReturnType<typeof call>>['decision']) => (d.allowed ? 'allowed' : {
  form: d.messages.map((m) => m.key), fields: Object.fromEntries(Object.entries(d.fieldMessages).map(([k, ms]) => [k, ms.map((m) => m.text)])),
});

describe('registration inline hook answers', () => {
  it('an empty 2xx answer allows, the profile as it was', async () => {
    const { decision } = await call(json(200, {}));
    assert.deepEqual(decision, { allowed: true, profile });
  });

  it('profile updates apply in order', async () => {
    const { decision } = await call(json(200, { commands: [
      { type: 'com.okta.user.profile.update', value: { firstName: 'Annie' } },
      { type: 'com.okta.user.profile.update', value: { department: 'Sales' } },
    ] }));
    assert.deepEqual(decision, { allowed: true, profile: { ...profile, firstName: 'Annie', department: 'Sales' } });
  });

  const refusals: Array<[string, Answer, ReturnType<typeof keysOf>, number]> = [
    ['DENY without an error: Okta\'s default message', json(200, { commands: [{ type: 'com.okta.action.update', value: { registration: 'DENY' } }] }),
      { form: ['registration.default.callbackhook.error'], fields: {} }, 1],
    ['a cause on an attribute goes on its field; one without a location on the form', json(200, {
      commands: [{ type: 'com.okta.action.update', value: { registration: 'DENY' } }],
      error: { errorSummary: 'Not shown', errorCauses: [{ errorSummary: 'Use your work email', location: 'data.userProfile.email' }, { errorSummary: 'Try later' }] },
    }), { form: ['registration.error.custom'], fields: { email: ['Use your work email'] } }, 1],
    ['an error alone refuses too', json(200, { error: { errorSummary: 'x', errorCauses: [{ errorSummary: 'No', location: 'data.userProfile.firstName' }] } }),
      { form: [], fields: { firstName: ['No'] } }, 1],
    ['a 4xx is not retried, and refuses', json(400, {}), { form: ['registration.default.callbackhook.error'], fields: {} }, 1],
    ['a redirect is not followed, and refuses', { status: 302, body: '', headers: { Location: 'http://127.0.0.1:1/elsewhere' } }, { form: ['registration.default.callbackhook.error'], fields: {} }, 1],
    ['a 2xx that is not JSON refuses', { status: 200, body: 'OK' }, { form: ['registration.default.callbackhook.error'], fields: {} }, 1],
    ['a 5xx is tried once more, then refuses', json(503, {}), { form: ['registration.default.callbackhook.error'], fields: {} }, 2],
  ];
  for (const [name, a, expected, attempts] of refusals) {
    it(name, async () => {
      const { decision, calls: made } = await call(a);
      assert.deepEqual(keysOf(decision), expected);
      assert.equal(made, attempts);
    });
  }
});
