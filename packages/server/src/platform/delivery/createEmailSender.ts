import type { Config } from '../../config/config.js';
import type { Store } from '../../store/store.js';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { EmailSender } from './email.js';
import { OutboxSender } from './outboxSender.js';
import { SmtpSender } from './smtpSender.js';
import { BackgroundSender } from './backgroundSender.js';

/** SMTP (in the background) when an SMTP URL is configured; otherwise the store's outbox. Never both. */
export function createEmailSender(config: Config, store: Store, logger: Logger, clock: Clock = systemClock): EmailSender {
  if (config.smtpUrl) {
    const { protocol, host } = new URL(config.smtpUrl);
    logger.info({ server: `${protocol}//${host}` }, 'email is sent through SMTP');
    return new BackgroundSender(new SmtpSender(config.smtpUrl, config.emailFrom), logger);
  }
  logger.info(config.devMode ? 'no SMTP URL: email is kept in the outbox (GET /api/dev/outbox)' : 'no SMTP URL: email is kept in the outbox (latchkey outbox)');
  return new OutboxSender(store.outbox, clock);
}
