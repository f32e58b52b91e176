import { createTransport, type NodemailerError, type Transporter } from 'nodemailer';
import { DeliveryError, type EmailMessage, type EmailSender } from './email.js';

/**
 * Pooled: codes and links go out one by one under load, and a new TCP + TLS + AUTH handshake per
 * message would cost more than the message. Timeouts are short so a dead server fails a sign-in step
 * in seconds rather than nodemailer's default minutes. Query options in the URL (e.g.
 * `?tls.rejectUnauthorized=false`) override these, as nodemailer applies them last.
 */
const TRANSPORT_OPTIONS = {
  pool: true,
  maxConnections: 5,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
  dnsTimeout: 10_000,
} as const;

/** Sends through an SMTP server named by `smtp://user:pass@host:port` or `smtps://…` (implicit TLS). */
export class SmtpSender implements EmailSender {
  private readonly transport: Transporter;
  /** scheme://host:port, for messages: never the credentials. */
  private readonly server: string;
  /** Patterns of the user name and password, each as written in the URL and decoded: a reply may echo either. */
  private readonly secrets: RegExp[];

  constructor(smtpUrl: string, private readonly from: string) {
    const url = new URL(smtpUrl);
    this.server = `${url.protocol}//${url.host}`;
    const spellings = (s: string) => [...new Set([s, decoded(s)])].filter((x) => x.length > 0).map(escapeRegExp);
    // The user name only as a whole word, so a short one such as "me" does not mangle "username"; the password anywhere.
    this.secrets = [
      ...spellings(url.username).map((u) => new RegExp(`(?<![\\p{L}\\p{N}])${u}(?![\\p{L}\\p{N}])`, 'gu')),
      ...spellings(url.password).map((p) => new RegExp(p, 'gu')),
    ];
    this.transport = createTransport({ ...TRANSPORT_OPTIONS, url: smtpUrl });
  }

  async send(message: EmailMessage): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        // An address object, not a string: a string is parsed as a list, and "a@x, b@y" would reach both.
        to: { name: '', address: message.to },
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    } catch (error) {
      const e = error as NodemailerError;
      throw new DeliveryError(`email delivery through ${this.server} failed: ${this.redact(e.message)}`, e.code, e.responseCode);
    }
  }

  /** Closes the pooled connections. */
  close(): void {
    this.transport.close();
  }

  private redact(text: string): string {
    return this.secrets.reduce((out, secret) => out.replace(secret, '[redacted]'), text);
  }
}

/** A stray % (a password written without URL-encoding) would make decodeURIComponent throw. */
function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
