import type { Config } from '../../config/config.js';
import type { Store } from '../../store/store.js';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { SmsSender } from './sms.js';
import { OutboxSmsSender } from './outboxSender.js';
import { BackgroundSender } from './backgroundSender.js';
import { TwilioSender } from './twilioSender.js';

/** The Twilio-compatible provider (in the background) when an account is configured; otherwise the store's outbox. Never both. */
export function createSmsSender(config: Config, store: Store, logger: Logger, clock: Clock = systemClock): SmsSender {
  const { smsAccountSid, smsAuthToken, smsFrom, smsBaseUrl } = config;
  if (smsAccountSid && smsAuthToken && smsFrom) {
    logger.info({ provider: smsBaseUrl }, 'SMS and voice codes are sent through the provider');
    return new BackgroundSender(new TwilioSender({ baseUrl: smsBaseUrl, accountSid: smsAccountSid, authToken: smsAuthToken, from: smsFrom }), logger, 'SMS');
  }
  logger.info('no SMS provider: SMS and voice codes are kept in the outbox');
  return new OutboxSmsSender(store.outbox, clock);
}
