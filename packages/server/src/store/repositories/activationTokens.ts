import type { Db } from '../database.js';

export class ActivationTokensRepository {
  constructor(private readonly db: Db) {}

  /** Stores a new token of the user; their older ones stop working. */
  async replace(userId: string, tokenHash: string, now: number, expiresAt: number): Promise<void> {
    await this.db.updateTable('activation_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
    await this.db.insertInto('activation_tokens').values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt, used_at: null }).execute();
  }

  /** Whose a token is, used or expired or not (an activation link no longer valid is answered by offering a new one). */
  async ownerOf(tokenHash: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('activation_tokens').select('user_id').where('token_hash', '=', tokenHash).executeTakeFirst();
    return row?.user_id;
  }

  /**
   * Uses a token once: answers whose it is when it is unused and unexpired, marking it used in the
   * same statement, so of two requests with one token only one gets it.
   */
  async consume(tokenHash: string, now: number): Promise<string | undefined> {
    const row = await this.db.updateTable('activation_tokens').set({ used_at: now })
      .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).returning('user_id').executeTakeFirst();
    return row?.user_id;
  }
}
