import type { Db } from '../database.js';
import type { Verification } from './idxTransactions.js';
import { fromJson, toJson } from '../json.js';

/** A Classic sessionToken as stored: its hash, whose it is and what its sign-in verified. */
export interface SessionTokenRecord {
  tokenHash: string;
  userId: string;
  verified: Verification[];
  createdAt: number;
  expiresAt: number;
}

export class SessionTokensRepository {
  constructor(private readonly db: Db) {}

  async insert(t: SessionTokenRecord): Promise<void> {
    await this.db.insertInto('session_tokens').values({
      token_hash: t.tokenHash, user_id: t.userId, verified: toJson(t.verified), created_at: t.createdAt, expires_at: t.expiresAt, used_at: null,
    }).execute();
  }

  /**
   * Uses a token once: answers it when it is unused and unexpired, marking it used in the same
   * statement, so of two processes given one token only one gets it.
   */
  async consume(tokenHash: string, now: number): Promise<SessionTokenRecord | undefined> {
    const row = await this.db.updateTable('session_tokens').set({ used_at: now })
      .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).returningAll().executeTakeFirst();
    return row && { tokenHash: row.token_hash, userId: row.user_id, verified: fromJson(row.verified, []), createdAt: row.created_at, expiresAt: row.expires_at };
  }

  /** A user who may no longer sign in (deactivated) cannot trade a token issued before. */
  async voidOf(userId: string, now: number): Promise<void> {
    await this.db.updateTable('session_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  }
}
