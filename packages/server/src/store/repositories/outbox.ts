import type { Db } from '../database.js';
import type { OutboxTable } from '../schema.js';

/** An email kept in the development outbox instead of sent. */
export interface OutboxMessage {
  id: string;
  /** Stored and matched lower-cased: mailbox lookups in development should not hinge on case. */
  to: string;
  kind: string;
  subject: string;
  text: string;
  html: string | null;
  createdAt: number;
}

const normalize = (address: string): string => address.trim().toLowerCase();

const fromRow = (r: OutboxTable): OutboxMessage => ({
  id: r.id, to: r.recipient, kind: r.kind, subject: r.subject, text: r.text, html: r.html, createdAt: r.created_at,
});

export class OutboxRepository {
  constructor(private readonly db: Db) {}

  async insert(m: OutboxMessage): Promise<void> {
    await this.db.insertInto('outbox').values({
      id: m.id, recipient: normalize(m.to), kind: m.kind, subject: m.subject, text: m.text, html: m.html, created_at: m.createdAt,
    }).execute();
  }

  /** Newest first; all recipients when `to` is not given. Ids break ties within one millisecond (they sort by time). */
  async list(options: { to?: string; limit: number }): Promise<OutboxMessage[]> {
    let query = this.db.selectFrom('outbox').selectAll();
    if (options.to !== undefined) query = query.where('recipient', '=', normalize(options.to));
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map(fromRow);
  }

  async latest(to: string): Promise<OutboxMessage | undefined> {
    return (await this.list({ to, limit: 1 }))[0];
  }

  /** Deletes messages created before `cutoff` (epoch ms); answers how many. */
  async purgeOlderThan(cutoff: number): Promise<number> {
    const result = await this.db.deleteFrom('outbox').where('created_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
