import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * A rotated refresh token remembers its successor, sealed (AES-256-GCM), until its leeway ends, so a
 * retry is answered the same successor rather than a new one (one live refresh token per family).
 * Deactivating a user revokes every family of theirs: families are looked up by user.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('refresh_tokens').addColumn('successor', 'text').execute();
  await db.schema.alterTable('refresh_tokens').addColumn('successor_expires_at', 'bigint').execute();
  // The purge clears successors past their end; few rows hold one, so a partial index stays small.
  await db.schema.createIndex('refresh_tokens_successor_expires').on('refresh_tokens').column('successor_expires_at')
    .where(sql.ref('successor_expires_at'), 'is not', null).execute();
  await db.schema.createIndex('token_families_user').on('token_families').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('token_families_user').execute();
  await db.schema.dropIndex('refresh_tokens_successor_expires').execute();
  await db.schema.alterTable('refresh_tokens').dropColumn('successor_expires_at').execute();
  await db.schema.alterTable('refresh_tokens').dropColumn('successor').execute();
}
