import { sql, type Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { ApiTokensTable } from '../schema.js';
import { fromJson, toJson } from '../json.js';
import { madeAfter } from '../cursor.js';

/** Okta's network condition of a token restricted to network zones (by zone id). */
export interface ApiTokenNetwork {
  connection: 'ZONE';
  include?: string[];
  exclude?: string[];
}

/** A management API token as stored: never the token, only its hash. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  tokenHash: string;
  createdAt: number;
  /** ISO 8601 duration: the token expires this long after its last recorded use. */
  tokenWindow: string;
  lastUsedAt: number;
  expiresAt: number;
  /** The user the token was made for, if one was named. */
  userId: string | null;
  /** Where requests with the token may come from; null: anywhere. */
  network: ApiTokenNetwork | null;
}

const toRecord = (row: Selectable<ApiTokensTable>): ApiTokenRecord => ({
  id: row.id, name: row.name, tokenHash: row.token_hash, createdAt: row.created_at, tokenWindow: row.token_window,
  lastUsedAt: row.last_used_at, expiresAt: row.expires_at, userId: row.user_id, network: fromJson<ApiTokenNetwork | null>(row.network, null),
});

const networkColumn = (network: ApiTokenNetwork | null): string | null => (network === null ? null : toJson(network));

export class ApiTokensRepository {
  constructor(private readonly db: Db) {}

  async insert(t: ApiTokenRecord): Promise<void> {
    await this.db.insertInto('api_tokens').values({
      id: t.id, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt, token_window: t.tokenWindow,
      last_used_at: t.lastUsedAt, expires_at: t.expiresAt, user_id: t.userId, network: networkColumn(t.network),
    }).execute();
  }

  /** Renames the token and sets its network condition. Answers whether there was such a token. */
  async update(id: string, changes: Pick<ApiTokenRecord, 'name' | 'network'>): Promise<boolean> {
    const result = await this.db.updateTable('api_tokens').set({ name: changes.name, network: networkColumn(changes.network) }).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async findByHash(tokenHash: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && toRecord(row);
  }

  async findById(id: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * Tokens in the order they were made; with `page`, at most `limit` of those not expired at `liveAt`
   * whose name contains `nameContains` (any case), after the token `after` (none when that token is not one of them).
   */
  async list(page?: { liveAt: number; limit: number; after?: string; nameContains?: string }): Promise<ApiTokenRecord[]> {
    let query = this.db.selectFrom('api_tokens').selectAll();
    if (page) {
      query = query.where('expires_at', '>', page.liveAt).limit(page.limit);
      if (page.nameContains !== undefined) {
        const pattern = `%${page.nameContains.toLowerCase().replace(/[!%_]/g, '!$&')}%`;
        query = query.where(sql<boolean>`lower(name) like ${pattern} escape '!'`);
      }
      const cursor = page.after === undefined ? undefined : await this.findById(page.after);
      if (page.after !== undefined && !cursor) return [];
      if (cursor) query = query.where(madeAfter(cursor));
    }
    return (await query.orderBy('created_at').orderBy('id').execute()).map(toRecord);
  }

  /**
   * Records a use at `now` unless one was recorded since `recordedSince`: processes that see the same
   * token at once write it once. The expiry moves with it.
   */
  async recordUse(id: string, now: number, expiresAt: number, recordedSince: number): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: now, expires_at: expiresAt })
      .where('id', '=', id).where('last_used_at', '<', recordedSince).execute();
  }

  /** Answers whether there was such a token. */
  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
