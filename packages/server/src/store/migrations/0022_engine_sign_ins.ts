import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * Sign-in outcomes counted per app and engine while apps move from the Classic Engine to the
 * Identity Engine (`latchkey upgrade status`): one row per (app, engine, outcome), incremented in place.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('engine_sign_ins')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('engine_sign_ins_pk', ['client_id', 'engine', 'outcome'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engine_sign_ins').execute();
}
