import type { Db } from '../database.js';

/** A management API token as stored: never the token, only its hash. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  tokenHash: string;
  createdAt: number;
}

export class ApiTokensRepository {
  constructor(private readonly db: Db) {}

  async insert(t: ApiTokenRecord): Promise<void> {
    await this.db.insertInto('api_tokens').values({ id: t.id, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt }).execute();
  }

  async findByHash(tokenHash: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && { id: row.id, name: row.name, tokenHash: row.token_hash, createdAt: row.created_at };
  }

  async list(): Promise<ApiTokenRecord[]> {
    const rows = await this.db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, tokenHash: row.token_hash, createdAt: row.created_at }));
  }

  /** Answers whether there was such a token. */
  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
