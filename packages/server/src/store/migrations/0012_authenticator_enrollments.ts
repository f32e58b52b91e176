import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * Enrollments of authenticators that are not columns of users (TOTP first; phone, WebAuthn and the
 * security question later): one row each, the secret sealed, the profile as JSON.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('authenticator_enrollments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('authenticator_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_step', 'bigint')
    .execute();
  await db.schema.createIndex('authenticator_enrollments_user').on('authenticator_enrollments').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('authenticator_enrollments').execute();
}
