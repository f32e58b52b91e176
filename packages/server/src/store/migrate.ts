import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001_initial.js';
import * as m0002 from './migrations/0002_idx.js';
import * as m0003 from './migrations/0003_outbox.js';
import * as m0004 from './migrations/0004_rate_limits.js';
import * as m0005 from './migrations/0005_sessions.js';
import * as m0006 from './migrations/0006_email_verified.js';
import * as m0007 from './migrations/0007_token_retention.js';

/** Versioned migrations, in order. A new migration is a new file added here. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_idx': m0002,
  '0003_outbox': m0003,
  '0004_rate_limits': m0004,
  '0005_sessions': m0005,
  '0006_email_verified': m0006,
  '0007_token_retention': m0007,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {}

/**
 * Brings the schema to the latest version. Kysely takes a lock (an advisory lock on PostgreSQL),
 * so several processes starting at once migrate only once.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'latchkey_migrations', migrationLockTableName: 'latchkey_migration_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    // No migration ran: the database itself failed (unreachable, refused); let that error speak.
    if (!failed) throw error;
    throw new MigrationError(`migration ${failed.migrationName} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
