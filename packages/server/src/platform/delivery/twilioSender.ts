import { DeliveryError } from './email.js';
import type { PhoneMessage, SmsSender } from './sms.js';

/** What the provider is reached with (see Config: smsBaseUrl, smsAccountSid, smsAuthToken, smsFrom). */
export interface TwilioSettings {
  /** e.g. https://api.twilio.com, or any API that speaks Twilio's (a gateway, a test double). */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or messaging service the provider knows. */
  from: string;
}

/** A provider that does not answer within this fails the delivery, not the process. */
const TIMEOUT_MS = 10_000;

const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Digits read one by one, with pauses: "1 2 3, 4 5 6" is understood where "123456" is read as a number. */
const spoken = (text: string): string => text.replace(/\d{4,}/g, (digits) => digits.split('').join(' '));

/**
 * Twilio's REST API (2010-04-01): a text through Messages.json, a call through Calls.json whose TwiML
 * reads the text out twice. Form-encoded, basic auth with the account sid and token; failures name
 * the provider's status and message, never the token.
 */
export class TwilioSender implements SmsSender {
  constructor(private readonly settings: TwilioSettings) {}

  async send(message: PhoneMessage): Promise<void> {
    const { baseUrl, accountSid, authToken, from } = this.settings;
    const resource = message.channel === 'voice' ? 'Calls' : 'Messages';
    const say = `<Say>${escapeXml(spoken(message.text))}</Say>`;
    const content: Record<string, string> = message.channel === 'voice' ? { Twiml: `<Response>${say}<Pause length="1"/>${say}</Response>` } : { Body: message.text };
    const url = `${baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/${resource}.json`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`, Accept: 'application/json' },
        body: new URLSearchParams({ To: message.to, From: from, ...content }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new DeliveryError(`${message.channel} delivery through ${new URL(url).origin} failed: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const detail = await response.json().catch(() => undefined) as { message?: unknown } | undefined;
      const said = typeof detail?.message === 'string' ? `: ${detail.message.replaceAll(authToken, '[redacted]')}` : '';
      throw new DeliveryError(`${message.channel} delivery through ${new URL(url).origin} failed with HTTP ${response.status}${said}`, undefined, response.status);
    }
  }
}
