import type { Config } from '../config/config.js';
import type { Store } from '../store/store.js';

const LIMIT = 10;

/** `latchkey outbox [--to ADDRESS]`: the latest messages kept instead of sent, newest first, on stdout. */
export async function printOutbox(store: Store, config: Config, to: string | undefined): Promise<void> {
  const messages = await store.outbox.list({ to, limit: LIMIT });
  if (messages.length === 0) {
    const why = config.smtpUrl ? ' (an SMTP URL is configured: email is sent, not kept)' : '';
    process.stderr.write(`latchkey: no messages in the outbox${to ? ` for ${to}` : ''}${why}\n`);
    return;
  }
  const blocks = messages.map((m) =>
    `=== ${new Date(m.createdAt).toISOString()}  ${m.kind}  to ${m.to}  (${m.id})\nSubject: ${m.subject}\n\n${m.text.trimEnd()}\n`);
  process.stdout.write(blocks.join('\n'));
}
