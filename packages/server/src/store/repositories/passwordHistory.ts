import type { Db } from '../database.js';

/** Okta's largest password history: this many previous hashes are kept per user, whatever the policy says today. */
export const KEPT_PASSWORDS = 24;

/** Users' previous password hashes, newest first. */
export class PasswordHistoryRepository {
  constructor(private readonly db: Db) {}

  /** The user's `count` most recent previous hashes. */
  async previous(userId: string, count: number): Promise<string[]> {
    if (count <= 0) return [];
    const rows = await this.db.selectFrom('password_history').select('password_hash').where('user_id', '=', userId)
      .orderBy('created_at', 'desc').limit(count).execute();
    return rows.map((r) => r.password_hash);
  }

  /** Keeps a hash the user no longer signs in with (replaced at `at`), and forgets those beyond KEPT_PASSWORDS. */
  async remember(userId: string, passwordHash: string, at: number): Promise<void> {
    await this.db.insertInto('password_history').values({ user_id: userId, password_hash: passwordHash, created_at: at }).execute();
    const kept = await this.db.selectFrom('password_history').select('created_at').where('user_id', '=', userId)
      .orderBy('created_at', 'desc').offset(KEPT_PASSWORDS - 1).limit(1).executeTakeFirst();
    if (kept) await this.db.deleteFrom('password_history').where('user_id', '=', userId).where('created_at', '<', Number(kept.created_at)).execute();
  }
}
