import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTestServer, type TestServer } from '../support/server.js';
import { testOrg } from '../support/testOrg.js';
import { runCli } from '../support/process.js';

/** Frozen: every message below is stored in the same millisecond, so "newest first" rests on the ids. */
const NOW = Date.now();
const clock = { now: () => NOW };

const challenge = (to: string, code: string) => ({
  to, kind: 'email-challenge', subject: 'Your verification code', text: `Your code is ${code}`, html: `<p>Your code is <b>${code}</b></p>`,
});

describe('dev mode on (--dev-mode; the test servers\' default)', () => {
  let server: TestServer;
  const outbox = async (query: string) => {
    const r = await fetch(`${server.url}/api/dev/outbox${query}`);
    return { status: r.status, headers: r.headers, body: await r.json() };
  };

  before(async () => {
    server = await startTestServer({ org: testOrg(), clock });
    await server.lk.email.send(challenge('Ada@Example.com', '111111'));
    await server.lk.email.send({ to: 'bob@example.com', kind: 'magic-link', subject: 'Sign in', text: 'http://127.0.0.1/magic' });
    await server.lk.email.send(challenge('ada@example.com', '222222'));
  });
  after(() => server.stop());

  it('lists what the sender stored for an address, newest first, recipient lower-cased', async () => {
    const r = await outbox('?to=ada@example.com');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.deepEqual(r.body.messages.map((m: { text: string }) => m.text), ['Your code is 222222', 'Your code is 111111']);
    const [latest] = r.body.messages;
    assert.match(latest.id, /^msg/);
    assert.deepEqual({ ...latest, id: undefined }, {
      id: undefined, to: 'ada@example.com', kind: 'email-challenge', subject: 'Your verification code',
      text: 'Your code is 222222', html: '<p>Your code is <b>222222</b></p>', createdAt: new Date(NOW).toISOString(),
    });
  });

  it('matches the address in any case, honours limit, and lists everyone without `to`', async () => {
    assert.deepEqual((await outbox('?to=ADA%40EXAMPLE.COM&limit=1')).body.messages.map((m: { text: string }) => m.text), ['Your code is 222222']);
    const all = (await outbox('')).body.messages;
    assert.deepEqual(all.map((m: { to: string }) => m.to), ['ada@example.com', 'bob@example.com', 'ada@example.com']);
    assert.equal(all[1].html, null);
    assert.deepEqual((await outbox('?to=nobody@example.com')).body, { messages: [] });
  });

  it('refuses a limit outside 1..100 with an Okta validation error', async () => {
    for (const limit of ['0', '101', 'ten', '-1']) {
      const r = await outbox(`?limit=${limit}`);
      assert.equal(r.status, 400, limit);
      assert.equal(r.body.errorCode, 'E0000001');
      assert.equal(r.body.errorCauses[0].errorSummary, 'limit: must be a whole number from 1 to 100');
    }
  });
});

describe('dev mode not asked for', () => {
  let server: TestServer;
  before(async () => {
    // No --dev-mode and no LATCHKEY_DEV_MODE (the test default taken away), on an http base URL.
    server = await startTestServer({ org: testOrg(), configOverrides: { devMode: undefined } });
  });
  after(() => server.stop());

  it('has no outbox endpoint, yet still keeps email in the outbox when no SMTP URL is set', async () => {
    await server.lk.email.send(challenge('ada@example.com', '333333'));
    const r = await fetch(`${server.url}/api/dev/outbox?to=ada@example.com`);
    assert.equal(r.status, 404);
    assert.equal((await r.json()).errorCode, 'E0000007');
    assert.equal((await server.lk.store.outbox.latest('ada@example.com'))?.text, 'Your code is 333333');
  });

  it('`latchkey outbox --to` prints the latest messages of an address', async () => {
    const r = await runCli(['outbox', '--to', 'ADA@example.com', '--database-url', server.database.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^=== \S+Z {2}email-challenge {2}to ada@example\.com {2}\(msg\w+\)\nSubject: Your verification code\n\nYour code is 333333\n$/);
    const none = await runCli(['outbox', '--to', 'nobody@example.com', '--database-url', server.database.url]);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '');
    assert.equal(none.stderr, 'latchkey: no messages in the outbox for nobody@example.com\n');
  });

  it('an invalid SMTP URL is a one-line configuration error that hides the password', async () => {
    const r = await runCli(['outbox', '--smtp-url', 'smtp://mailer:hunter2@', '--database-url', server.database.url]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^latchkey: invalid configuration: --smtp-url \(LATCHKEY_SMTP_URL\) must be an SMTP URL .*, got "smtp:\/\/\[credentials\]@"\n$/);
    assert.ok(!r.stderr.includes('hunter2'));
  });
});

describe('with an SMTP URL', () => {
  let server: TestServer;
  let smtp: SMTPServer;
  const received: string[] = [];
  before(async () => {
    smtp = new SMTPServer({
      logger: false, authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (chunk) => (raw += chunk));
        stream.on('end', () => {
          received.push(raw);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    server = await startTestServer({ org: testOrg(), configOverrides: { smtpUrl: `smtp://127.0.0.1:${port}`, emailFrom: 'Test Org <login@test.example>' } });
  });
  after(async () => {
    await server.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends through SMTP in the background, from the configured address, and keeps nothing in the outbox', async () => {
    await server.lk.email.send(challenge('ada@example.com', '444444'));
    // The request does not wait for the SMTP server (BackgroundSender): the message arrives shortly after.
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(received.length, 1);
    assert.match(received[0], /^From: Test Org <login@test\.example>\r\n/m);
    assert.match(received[0], /Your code is 444444/);
    assert.equal(await server.lk.store.outbox.latest('ada@example.com'), undefined);
    assert.deepEqual((await (await fetch(`${server.url}/api/dev/outbox`)).json()).messages, []);
  });
});
