import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { BackgroundSender } from '../../src/platform/delivery/backgroundSender.js';
import type { EmailMessage, EmailSender } from '../../src/platform/delivery/email.js';

const message: EmailMessage = { to: 'ada@example.com', subject: 'Code', text: 'Your code is 123456', kind: 'email-challenge' };

/** A sender whose deliveries finish when the test says, recording what it was given. */
class ControlledSender implements EmailSender {
  readonly delivered: EmailMessage[] = [];
  private finish: Array<(error?: Error) => void> = [];
  closed = false;
  send(m: EmailMessage): Promise<void> {
    return new Promise((resolve, reject) => this.finish.push((error) => (error ? reject(error) : (this.delivered.push(m), resolve()))));
  }
  settle(error?: Error): void {
    for (const f of this.finish.splice(0)) f(error);
  }
  close(): void {
    this.closed = true;
  }
}

function capturingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  return { logger, lines };
}

describe('BackgroundSender', () => {
  it('answers before the inner sender has delivered; the message is delivered afterwards', async () => {
    const inner = new ControlledSender();
    const sender = new BackgroundSender(inner, capturingLogger().logger);
    await sender.send(message);
    assert.equal(sender.pending, 1);
    assert.deepEqual(inner.delivered, []);
    inner.settle();
    await sender.drain();
    assert.deepEqual(inner.delivered, [message]);
    assert.equal(sender.pending, 0);
  });

  it('a failed delivery is logged (without the message text), never thrown at the caller', async () => {
    const inner = new ControlledSender();
    const { logger, lines } = capturingLogger();
    const sender = new BackgroundSender(inner, logger);
    await sender.send(message);
    inner.settle(new Error('550 mailbox unavailable'));
    await sender.drain();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lines.length, 1);
    assert.match(lines[0], /email delivery failed/);
    assert.match(lines[0], /550 mailbox unavailable/);
    assert.doesNotMatch(lines[0], /123456/);
  });

  it('close resolves once deliveries in flight have finished, then releases the inner sender', async () => {
    const inner = new ControlledSender();
    const sender = new BackgroundSender(inner, capturingLogger().logger);
    await sender.send(message);
    let closed = false;
    const closing = sender.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closed, false, 'still delivering');
    assert.equal(inner.closed, false);
    inner.settle();
    await closing;
    assert.equal(inner.closed, true);
    assert.deepEqual(inner.delivered, [message]);
  });
});
