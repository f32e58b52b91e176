import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * Wrong passwords typed for identifiers that match no account, counted like an account's own
 * (users.failed_logins, users.locked_until) so that both lock out alike (user enumeration
 * prevention). Keyed by a hash of the normalised identifier.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('identifier_lockouts')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('failed_logins', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The purge deletes idle counters by age.
  await db.schema.createIndex('identifier_lockouts_updated').on('identifier_lockouts').column('updated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('identifier_lockouts').execute();
}
