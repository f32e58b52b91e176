import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * Activation tokens of users imported or invited (STAGED, PROVISIONED): the person opens the app
 * with one (`/v1/interact` `activation_token`), sets a password and is ACTIVE. Only the hash is
 * kept; a token works once, until it expires, and a new one voids the user's older ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('activation_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('activation_tokens_user').on('activation_tokens').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('activation_tokens').execute();
}
