import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServerPair, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

// A frozen time 1 s into a 5-minute window (so into a 5-second one too): no request below crosses into the next window.
let now = Math.floor(Date.now() / 300_000) * 300_000 + 1_000;
const clock = { now: () => now };

let pair: Awaited<ReturnType<typeof startTestServerPair>>;
before(async () => {
  pair = await startTestServerPair({ org: testOrg(), clock });
});
after(() => pair.stop());

const ion = { 'content-type': 'application/ion+json; okta-version=1.0.0', accept: 'application/ion+json; okta-version=1.0.0' };
const idx = (server: TestServer, path: string, body: unknown) => fetch(`${server.url}/idp/idx/${path}`, { method: 'POST', headers: ion, body: JSON.stringify(body) });

async function assertRefusedInIdxForm(r: Response, limit: string): Promise<void> {
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('content-type'), 'application/ion+json; okta-version=1.0.0');
  assert.equal(r.headers.get('x-rate-limit-limit'), limit);
  assert.equal(r.headers.get('x-rate-limit-remaining'), '0');
  assert.ok(Number(r.headers.get('x-rate-limit-reset')) > now / 1000);
  assert.ok(Number(r.headers.get('retry-after')) >= 1);
  const body = await r.json();
  assert.equal(body.messages.value[0].i18n.key, 'tooManyRequests');
  assert.equal(body.version, '1.0.0');
}

it('one transaction may make 10 IDX requests in 5 s (Okta\'s limit), counted across processes: then 429 in IDX form until the window ends', async () => {
  const { a, b } = pair;
  const r = await fetch(`${a.url}/oauth2/default/v1/interact`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: TEST.spa.clientId, scope: 'openid', redirect_uri: TEST.redirectUri, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }),
  });
  const { interaction_handle } = await r.json();
  const first = await idx(a, 'introspect', { interactionHandle: interaction_handle });
  const { stateHandle } = await first.json();
  assert.equal(first.headers.get('x-rate-limit-limit'), '10');

  const statuses = [];
  for (let i = 0; i < 11; i++) {
    const answer = await idx(i % 2 ? a : b, 'introspect', { stateHandle });
    statuses.push(answer.status);
    if (answer.status === 429) await assertRefusedInIdxForm(answer, '10');
    else await answer.arrayBuffer();
  }
  assert.deepEqual(statuses, [...Array(10).fill(200), 429], 'the state handle\'s 11th request refused');
  now += 5_000;
  assert.equal((await idx(b, 'introspect', { stateHandle })).status, 200, 'the next window serves it again');
});

it('one identifier may be identified 20 times in 5 minutes across transactions and processes: then 429', async () => {
  const statuses = [];
  for (let i = 0; i < 21; i++) {
    // Each attempt in a transaction of its own (here made up): the per-transaction limit never applies.
    const r = await idx(i % 2 ? pair.a : pair.b, 'identify', { stateHandle: `made-up-${i}`, identifier: i % 3 ? TEST.user : TEST.user.toUpperCase() });
    statuses.push(r.status);
    if (r.status === 429) await assertRefusedInIdxForm(r, '20');
    else await r.arrayBuffer();
  }
  assert.deepEqual(statuses.slice(0, 20).filter((s) => s === 429), []);
  assert.equal(statuses[20], 429);
  assert.notEqual((await idx(pair.a, 'identify', { stateHandle: 'made-up-x', identifier: TEST.otherUser })).status, 429, 'another identifier is not limited');
});

it('one identifier may ask to unlock 5 times in 5 minutes across transactions and processes, known or not alike: then 429', async () => {
  const attempts = async (identifier: string) => {
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      // The unlock form (select-authenticator-unlock-account) posts the account's name to /challenge.
      const r = await idx(i % 2 ? pair.a : pair.b, 'challenge', { stateHandle: `unlock-${identifier}-${i}`, identifier: i % 3 ? identifier : identifier.toUpperCase(), authenticator: { id: 'x' } });
      statuses.push(r.status);
      if (r.status === 429) await assertRefusedInIdxForm(r, '5');
      else await r.arrayBuffer();
    }
    return statuses;
  };
  const [known, unknown] = [await attempts(TEST.otherUser), await attempts('nobody-at-all@example.com')];
  assert.deepEqual(known.slice(0, 5).filter((s) => s === 429), []);
  assert.equal(known[5], 429);
  assert.deepEqual(unknown, known, 'an unknown name is limited exactly as a known one');
  const choice = await idx(pair.a, 'challenge', { stateHandle: 'sign-in-choice', authenticator: { id: 'x' } });
  assert.notEqual(choice.status, 429, 'a sign-in\'s choice (no identifier) is not counted');
  assert.notEqual((await idx(pair.a, 'identify', { stateHandle: 'made-up-y', identifier: TEST.otherUser })).status, 429, 'nor does unlocking count against signing in');
});
