import type { Clock } from '../clock.js';
import { randomBase62 } from '../ids.js';
import type { OutboxRepository } from '../../store/repositories/outbox.js';
import type { EmailMessage, EmailSender } from './email.js';
import type { PhoneMessage, SmsSender } from './sms.js';

/** Messages older than this are deleted as new ones arrive: the outbox is a development mailbox, not an archive. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 3600_000;

let lastMs = -1;
let sameMs = 0;
/**
 * `msg` + creation time + a per-process counter within the millisecond + randomness: ids sort like
 * the messages were sent, so "newest first" holds when two are stored in the same millisecond.
 */
function messageId(now: number): string {
  sameMs = now === lastMs ? sameMs + 1 : 0;
  lastMs = now;
  return `msg${now.toString(36).padStart(9, '0')}${sameMs.toString(36).padStart(4, '0')}${randomBase62(8)}`;
}

/** Keeps messages in the store instead of sending them (development and tests, when no SMTP URL or SMS provider is set). */
export class OutboxSender implements EmailSender {
  constructor(private readonly outbox: OutboxRepository, private readonly clock: Clock) {}

  async send(message: EmailMessage): Promise<void> {
    const now = this.clock.now();
    await this.outbox.insert({
      id: messageId(now), to: message.to, kind: message.kind, subject: message.subject, text: message.text, html: message.html ?? null, createdAt: now,
    });
    await this.outbox.purgeOlderThan(now - OUTBOX_RETENTION_MS);
  }
}

/** Text messages and calls kept in the same outbox, addressed to the phone number; the subject says which. */
export class OutboxSmsSender implements SmsSender {
  private readonly emails: OutboxSender;

  constructor(outbox: OutboxRepository, clock: Clock) {
    this.emails = new OutboxSender(outbox, clock);
  }

  send(message: PhoneMessage): Promise<void> {
    return this.emails.send({ to: message.to, kind: message.kind, subject: message.channel === 'voice' ? 'Voice call' : 'SMS', text: message.text });
  }
}
