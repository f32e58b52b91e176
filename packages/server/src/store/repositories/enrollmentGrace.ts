import type { Db } from '../database.js';

/** What the store remembers of one user's grace for one authenticator. */
export interface GraceRecord {
  skips: number;
  lastSkippedAt: number;
}

/** What each user postponed of the authenticators their enrollment policy requires with a grace period. */
export class EnrollmentGraceRepository {
  constructor(private readonly db: Db) {}

  /** The user's records, by authenticator key. */
  async of(userId: string): Promise<Record<string, GraceRecord>> {
    const rows = await this.db.selectFrom('enrollment_grace').selectAll().where('user_id', '=', userId).execute();
    return Object.fromEntries(rows.map((r) => [r.authenticator_key, { skips: Number(r.skips), lastSkippedAt: Number(r.last_skipped_at) }]));
  }

  /** One more skip of each key, counted in the database so processes skipping at once each count. */
  async recordSkip(userId: string, keys: string[], now: number): Promise<void> {
    for (const key of keys) {
      await this.db.insertInto('enrollment_grace').values({ user_id: userId, authenticator_key: key, skips: 1, last_skipped_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'authenticator_key']).doUpdateSet((eb) => ({ skips: eb('enrollment_grace.skips', '+', 1), last_skipped_at: now })))
        .execute();
    }
  }
}
