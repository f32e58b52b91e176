import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { SmtpSender } from '../../src/platform/delivery/smtpSender.js';
import { DeliveryError } from '../../src/platform/delivery/email.js';
import { freePort } from '../support/server.js';

const FROM = 'Latchkey <noreply@latchkey.test>';
const USER = 'latchkey-mailer';
const PASSWORD = 'S3cret p@ss:w/rd%';

interface Received {
  mailFrom: string;
  rcptTo: string[];
  user?: string;
  headers: Map<string, string>;
  body: string;
}

/** A real SMTP server on 127.0.0.1 and a random port, recording what it accepts. */
async function startSmtpServer(options: SMTPServerOptions) {
  const received: Received[] = [];
  const rcptAttempts: string[] = [];
  const server = new SMTPServer({
    logger: false,
    // No STARTTLS: the test server has no certificate a client would trust.
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      rcptAttempts.push(address.address);
      if (address.address.endsWith('@rejected.test')) return callback(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        const split = raw.indexOf('\r\n\r\n');
        const headers = new Map<string, string>();
        for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
          const colon = line.indexOf(':');
          headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
        }
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          headers,
          body: raw.slice(split + 4),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, rcptAttempts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type TestSmtpServer = Awaited<ReturnType<typeof startSmtpServer>>;

const message = { to: 'alice@example.com', subject: 'Your Latchkey verification code', text: 'Your code is 482913.\r\nIt expires in 5 minutes.', kind: 'email-challenge' };

function assertNoCredentials(error: unknown) {
  assert.ok(error instanceof DeliveryError, `a DeliveryError, got ${String(error)}`);
  for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), USER]) assert.ok(!error.message.includes(secret), `no credentials in: ${error.message}`);
  return true;
}

describe('SMTP sender, server without AUTH', () => {
  let smtp: TestSmtpServer;
  let sender: SmtpSender;
  before(async () => {
    smtp = await startSmtpServer({ disabledCommands: ['STARTTLS', 'AUTH'], authOptional: true });
    sender = new SmtpSender(`smtp://127.0.0.1:${smtp.port}`, FROM);
  });
  after(async () => {
    sender.close();
    await smtp.close();
  });

  it('delivers a text message with From, To and Subject', async () => {
    await sender.send(message);
    const got = smtp.received.at(-1)!;
    assert.equal(got.mailFrom, 'noreply@latchkey.test');
    assert.deepEqual(got.rcptTo, ['alice@example.com']);
    assert.equal(got.headers.get('from'), FROM);
    assert.equal(got.headers.get('to'), 'alice@example.com');
    assert.equal(got.headers.get('subject'), message.subject);
    assert.match(got.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
    assert.equal(got.body.trimEnd(), message.text);
  });

  it('sends the HTML as an alternative to the text', async () => {
    await sender.send({ ...message, html: '<p>Your code is <b>482913</b>.</p>' });
    const got = smtp.received.at(-1)!;
    assert.match(got.headers.get('content-type') ?? '', /^multipart\/alternative/);
    assert.match(got.body, /Content-Type: text\/plain; charset=utf-8\r\n[^]*Your code is 482913\./);
    assert.match(got.body, /Content-Type: text\/html; charset=utf-8\r\n[^]*<p>Your code is <b>482913<\/b>\.<\/p>/);
  });

  it('a refused recipient is a DeliveryError with the SMTP code and the server reply', async () => {
    await assert.rejects(sender.send({ ...message, to: 'nobody@rejected.test' }), (error) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'EENVELOPE');
      assert.equal(error.responseCode, 550);
      assert.match(error.message, new RegExp(`^email delivery through smtp://127\\.0\\.0\\.1:${smtp.port} failed: .*550 5\\.1\\.1 No such mailbox here`));
      return true;
    });
  });

  it('a recipient that is a list reaches nobody: it is one (invalid) address, never two', async () => {
    const before = smtp.received.length;
    await assert.rejects(sender.send({ ...message, to: 'victim@example.com, attacker@evil.test' }), DeliveryError);
    assert.equal(smtp.received.length, before);
    assert.ok(!smtp.rcptAttempts.includes('attacker@evil.test'));
  });
});

describe('SMTP sender, server with AUTH', () => {
  let smtp: TestSmtpServer;
  let logins = 0;
  const senders: SmtpSender[] = [];
  const sender = (password: string) => {
    const s = new SmtpSender(`smtp://${USER}:${encodeURIComponent(password)}@127.0.0.1:${smtp.port}`, FROM);
    senders.push(s);
    return s;
  };
  before(async () => {
    smtp = await startSmtpServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        logins++;
        if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: auth.username });
        // Echoes the user name, as some servers do: the sender must not pass it on.
        callback(Object.assign(new Error(`Invalid credentials for ${auth.username}`), { responseCode: 535 }));
      },
    });
  });
  after(async () => {
    for (const s of senders) s.close();
    await smtp.close();
  });

  it('logs in with the URL-decoded user and password, once for several messages (pooled)', async () => {
    const s = sender(PASSWORD);
    logins = 0;
    await s.send(message);
    await s.send({ ...message, subject: 'second' });
    assert.deepEqual(smtp.received.slice(-2).map((r) => [r.user, r.headers.get('subject')]), [[USER, message.subject], [USER, 'second']]);
    assert.equal(logins, 1, 'the second message reuses the pooled connection');
  });

  it('a refused login is a DeliveryError without the credentials', async () => {
    await assert.rejects(sender('wrong-password').send(message), (error) => {
      assertNoCredentials(error);
      assert.equal((error as DeliveryError).code, 'EAUTH');
      assert.equal((error as DeliveryError).responseCode, 535);
      assert.match((error as DeliveryError).message, /535 Invalid credentials for \[redacted\]/);
      return true;
    });
  });

  it('a refused recipient after login names no credentials', async () => {
    await assert.rejects(sender(PASSWORD).send({ ...message, to: 'nobody@rejected.test' }), assertNoCredentials);
  });
});

describe('SMTP sender, server down', () => {
  it('is a DeliveryError naming the server, without the credentials', async () => {
    const port = await freePort();
    const sender = new SmtpSender(`smtp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`, FROM);
    try {
      await assert.rejects(sender.send(message), (error) => {
        assertNoCredentials(error);
        assert.match((error as DeliveryError).message, new RegExp(`^email delivery through smtp://127\\.0\\.0\\.1:${port} failed: .*ECONNREFUSED`));
        return true;
      });
    } finally {
      sender.close();
    }
  });
});
