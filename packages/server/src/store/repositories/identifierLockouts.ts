import { sql } from 'kysely';
import type { Db } from '../database.js';

/** A counter nobody added to for this long is deleted (unless its lock still runs); it stopped counting long before (lockout.ts). */
const IDLE_MS = 24 * 3600_000;

/** An identifier's failures and lock, as users.failed_logins and users.locked_until are an account's. */
export interface IdentifierLockout {
  failedLogins: number;
  lockedUntil: number | null;
}

/**
 * Wrong passwords typed for identifiers that match no account, shared by every process, so that
 * such an identifier locks out and unlocks exactly as an account would (user enumeration prevention).
 */
export class IdentifierLockoutsRepository {
  constructor(private readonly db: Db) {}

  async find(keyHash: string): Promise<IdentifierLockout | undefined> {
    const row = await this.db.selectFrom('identifier_lockouts').select(['failed_logins', 'locked_until']).where('key_hash', '=', keyHash).executeTakeFirst();
    return row && { failedLogins: row.failed_logins, lockedUntil: row.locked_until };
  }

  /**
   * Counts one failure and answers the count: one upsert, so concurrent failures each see their own
   * count. A counter last changed before `forgetBefore` starts over, as an account's does.
   */
  async recordFailedLogin(keyHash: string, now: number, forgetBefore: number): Promise<number> {
    const row = await this.db.insertInto('identifier_lockouts').values({ key_hash: keyHash, failed_logins: 1, locked_until: null, updated_at: now })
      .onConflict((oc) => oc.column('key_hash').doUpdateSet({
        failed_logins: sql<number>`CASE WHEN identifier_lockouts.updated_at < ${forgetBefore} THEN 1 ELSE identifier_lockouts.failed_logins + 1 END`,
        updated_at: now,
      }))
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    return row.failed_logins;
  }

  /** The identifier's failures, when the latest was at or after `since` (else 0): as users.recentFailures for an account. */
  async recentFailures(keyHash: string, since: number): Promise<number> {
    const row = await this.db.selectFrom('identifier_lockouts').select(['failed_logins', 'updated_at']).where('key_hash', '=', keyHash).executeTakeFirst();
    return row && Number(row.updated_at) >= since ? Number(row.failed_logins) : 0;
  }

  async lockOut(keyHash: string, until: number, now: number): Promise<void> {
    await this.db.updateTable('identifier_lockouts').set({ locked_until: until, updated_at: now }).where('key_hash', '=', keyHash).execute();
  }

  /** An expired lock ends: the failures start over. */
  async unlock(keyHash: string): Promise<void> {
    await this.db.deleteFrom('identifier_lockouts').where('key_hash', '=', keyHash).execute();
  }

  /** Forgets idle counters that hold no running lock: made up identifiers must not pile up. */
  async purgeIdle(now: number): Promise<void> {
    await this.db.deleteFrom('identifier_lockouts').where('updated_at', '<', now - IDLE_MS)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)])).execute();
  }
}
