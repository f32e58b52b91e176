import { Migrator, SqliteAdapter, sql, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001_initial.js';
import * as m0002 from './migrations/0002_idx.js';
import * as m0003 from './migrations/0003_outbox.js';
import * as m0004 from './migrations/0004_rate_limits.js';
import * as m0005 from './migrations/0005_sessions.js';
import * as m0006 from './migrations/0006_email_verified.js';
import * as m0007 from './migrations/0007_token_retention.js';
import * as m0008 from './migrations/0008_token_successor.js';
import * as m0009 from './migrations/0009_key_lifecycle.js';
import * as m0010 from './migrations/0010_engine_hardening.js';
import * as m0011 from './migrations/0011_failure_memory.js';
import * as m0012 from './migrations/0012_authenticator_enrollments.js';
import * as m0015 from './migrations/0015_webauthn_credentials.js';
import * as m0016 from './migrations/0016_verify_push.js';
import * as m0018 from './migrations/0018_enrollment_grace.js';
import * as m0019 from './migrations/0019_enrollment_nicknames.js';
import * as m0020 from './migrations/0020_session_tokens.js';
import * as m0021 from './migrations/0021_sign_in_memory.js';
import * as m0022 from './migrations/0022_engine_sign_ins.js';
import * as m0023 from './migrations/0023_recovery_tokens.js';
import * as m0025 from './migrations/0025_activation_tokens.js';
import * as m0026 from './migrations/0026_remembered_devices.js';
import * as m0030 from './migrations/0030_management_api.js';
import * as m0031 from './migrations/0031_token_expiry_session_ids.js';
import * as m0032 from './migrations/0032_recovery_relay_state.js';
import * as m0035 from './migrations/0035_stay_signed_in_prompt.js';
import * as m0038 from './migrations/0038_api_token_networks.js';
import * as m0040 from './migrations/0040_user_status_dates.js';

/** Versioned migrations, in order. A new migration is a new file added here. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_idx': m0002,
  '0003_outbox': m0003,
  '0004_rate_limits': m0004,
  '0005_sessions': m0005,
  '0006_email_verified': m0006,
  '0007_token_retention': m0007,
  '0008_token_successor': m0008,
  '0009_key_lifecycle': m0009,
  '0010_engine_hardening': m0010,
  '0011_failure_memory': m0011,
  '0012_authenticator_enrollments': m0012,
  '0015_webauthn_credentials': m0015,
  '0016_verify_push': m0016,
  '0018_enrollment_grace': m0018,
  '0019_enrollment_nicknames': m0019,
  '0020_session_tokens': m0020,
  '0021_sign_in_memory': m0021,
  '0022_engine_sign_ins': m0022,
  '0023_recovery_tokens': m0023,
  '0025_activation_tokens': m0025,
  '0026_remembered_devices': m0026,
  '0030_management_api': m0030,
  '0031_token_expiry_session_ids': m0031,
  '0032_recovery_relay_state': m0032,
  '0035_stay_signed_in_prompt': m0035,
  '0038_api_token_networks': m0038,
  '0040_user_status_dates': m0040,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {}

/**
 * Brings the schema to the latest version, once however many processes start at the same moment.
 * On PostgreSQL Kysely holds an advisory lock. On SQLite it takes none (it assumes one process), so
 * the whole run holds SQLite's write lock (BEGIN IMMEDIATE): another process opening the same file
 * waits for it (busy_timeout) and then finds nothing to do. On SQLite the pending migrations also
 * apply all or none.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'latchkey_migrations', migrationLockTableName: 'latchkey_migration_lock' });
  const { error, results } = db.getExecutor().adapter instanceof SqliteAdapter ? await holdingSqliteWriteLock(db, () => migrator.migrateToLatest()) : await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    // No migration ran: the database itself failed (unreachable, refused); let that error speak.
    if (!failed) throw error;
    throw new MigrationError(`migration ${failed.migrationName} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** One SQLite connection: the migrator's statements run inside this transaction, committed only if all succeeded. */
async function holdingSqliteWriteLock(db: Db, migrate: () => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  await sql`begin immediate`.execute(db);
  let outcome: MigrationResultSet;
  try {
    outcome = await migrate();
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  }
  await sql.raw(outcome.error ? 'rollback' : 'commit').execute(db);
  return outcome;
}
