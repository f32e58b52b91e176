import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * Each user's grace period for enrolling a required authenticator: how often they postponed it and
 * when last (Okta counts skips, and asks again at most once a day). One row per user and authenticator.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('enrollment_grace')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('authenticator_key', 'text', (c) => c.notNull())
    .addColumn('skips', 'integer', (c) => c.notNull())
    .addColumn('last_skipped_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('enrollment_grace_pk', ['user_id', 'authenticator_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('enrollment_grace').execute();
}
