import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * The Classic Engine's one-time sessionToken (what /api/v1/authn answers on SUCCESS): traded once,
 * within minutes, for a session. Only its hash is kept, with what the sign-in verified.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('session_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('verified', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('session_tokens_user').on('session_tokens').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('session_tokens').execute();
}
