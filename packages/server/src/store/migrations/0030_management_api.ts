import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * The management API's tokens (`Authorization: SSWS …`), found by the hash of the token (only the
 * hash is kept); and the sign-in counts' log: each sign-in appends a row that no other sign-in
 * touches, rolled up now and then into engine_sign_ins, whose one row per (app, engine, outcome) was
 * a lock every process queued on when it was updated by every sign-in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // delta: +1 a sign-in; a Classic success redeemed by an app moves from '' to the app (-1 and +1).
  await db.schema.createTable('engine_sign_in_log')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('delta', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engine_sign_in_log').execute();
  await db.schema.dropTable('api_tokens').execute();
}
