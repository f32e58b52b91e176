/** One email, as the engine composes it; the sender decides how it leaves the process. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What it is for, e.g. 'email-challenge': lets the outbox and logs tell messages apart without reading them. */
  kind: string;
}

export interface EmailSender {
  /** Resolves once the SMTP server accepted the message (or the outbox stored it); SMTP failures throw DeliveryError. */
  send(message: EmailMessage): Promise<void>;
  /** Releases held connections (the SMTP pool); senders that hold none leave it out. */
  close?(): void | Promise<void>;
}

/**
 * Delivery failed. The message names the server and its answer but never the credentials, so it
 * is safe to log and to show an operator.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** nodemailer's error code (EAUTH, ECONNECTION, EENVELOPE, ETIMEDOUT, …) when there is one. */
    readonly code?: string,
    /** The SMTP reply code (e.g. 550) when the server answered. */
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
