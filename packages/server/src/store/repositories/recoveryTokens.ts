import type { Db } from '../database.js';

/** A password recovery token as stored: its hash and whose password it may reset. */
export interface RecoveryTokenRecord {
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  /** The relayState of the Classic recovery that sent it (see 0032_recovery_relay_state). */
  relayState?: string;
}

export class RecoveryTokensRepository {
  constructor(private readonly db: Db) {}

  async insert(t: RecoveryTokenRecord): Promise<void> {
    await this.db.insertInto('recovery_tokens').values({
      token_hash: t.tokenHash, user_id: t.userId, created_at: t.createdAt, expires_at: t.expiresAt, used_at: null, relay_state: t.relayState ?? null,
    }).execute();
  }

  /** Uses a token once: answers it when unused and unexpired, marking it used in the same statement (of two processes, one wins). */
  async consume(tokenHash: string, now: number): Promise<RecoveryTokenRecord | undefined> {
    const row = await this.db.updateTable('recovery_tokens').set({ used_at: now })
      .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).returningAll().executeTakeFirst();
    return row && { tokenHash: row.token_hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at, ...(row.relay_state !== null && { relayState: row.relay_state }) };
  }

  /** The password changed: links sent before cannot reset it again. */
  async voidOf(userId: string, now: number): Promise<void> {
    await this.db.updateTable('recovery_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  }
}
