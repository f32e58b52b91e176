import type { Logger } from '../logger.js';
import type { EmailMessage, EmailSender } from './email.js';

/**
 * Sends through a slow sender (SMTP) without the request waiting for it. A sign-in answer must not
 * take longer for a real account, whose message goes out, than for an unknown username, for which
 * nothing is sent: the wait would tell them apart. Failures are logged for the operator; the person
 * can ask for a new code.
 */
export class BackgroundSender implements EmailSender {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly inner: EmailSender, private readonly logger: Logger) {}

  async send(message: EmailMessage): Promise<void> {
    const delivery = this.inner.send(message)
      .catch((err: unknown) => this.logger.error({ err, kind: message.kind }, 'email delivery failed'))
      .finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Messages still being handed over. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Lets the messages in flight finish, then releases the inner sender. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    await this.drain();
    await this.inner.close?.();
  }
}
