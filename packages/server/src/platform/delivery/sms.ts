/** How a code reaches a phone: a text message, or a call that reads it out. */
export type PhoneChannel = 'sms' | 'voice';

/** One message to a phone, as the engine composes it; the sender decides how it leaves the process. */
export interface PhoneMessage {
  /** E.164, e.g. +14155552671 */
  to: string;
  channel: PhoneChannel;
  /** The text sent, or read out by the call. */
  text: string;
  /** What it is for, e.g. 'phone-challenge' (as for email). */
  kind: string;
}

export interface SmsSender {
  /** Resolves once the provider accepted the message (or the outbox stored it); provider failures throw DeliveryError. */
  send(message: PhoneMessage): Promise<void>;
  /** Lets messages in flight finish; senders that hold none leave it out. */
  close?(): void | Promise<void>;
}
