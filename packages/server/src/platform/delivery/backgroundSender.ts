import type { Logger } from '../logger.js';
import type { EmailMessage } from './email.js';

/** What a sender of messages of type M offers (email, SMS). */
interface Sender<M> {
  send(message: M): Promise<void>;
  close?(): void | Promise<void>;
}

/**
 * Sends through a slow sender (SMTP, an SMS provider) without the request waiting for it. A sign-in answer must not
 * take longer for a real account, whose message goes out, than for an unknown username, for which
 * nothing is sent: the wait would tell them apart. Failures are logged for the operator; the person
 * can ask for a new code.
 */
export class BackgroundSender<M extends { kind: string } = EmailMessage> implements Sender<M> {
  private readonly inFlight = new Set<Promise<void>>();

  /** `channel` names what is sent in the failure logged ("email", "SMS"). */
  constructor(private readonly inner: Sender<M>, private readonly logger: Logger, private readonly channel = 'email') {}

  async send(message: M): Promise<void> {
    const delivery = this.inner.send(message)
      .catch((err: unknown) => this.logger.error({ err, kind: message.kind }, `${this.channel} delivery failed`))
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
