import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per interaction (IDX transaction): every step of a sign-in reads and writes it here,
  // so any process can continue it.
  await db.schema.createTable('idx_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('interaction_handle_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('server_id', 'text', (c) => c.notNull())
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  // Password lockout (password policy): failures since the last success, and until when the account is locked.
  await db.schema.alterTable('users').addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('locked_until', 'bigint').execute();

  // Interaction codes share the code table; a code redeems only by the grant it was issued for.
  await db.schema.alterTable('authorization_codes').addColumn('grant_type', 'text', (c) => c.notNull().defaultTo('authorization_code')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('authorization_codes').dropColumn('grant_type').execute();
  await db.schema.alterTable('users').dropColumn('locked_until').execute();
  await db.schema.alterTable('users').dropColumn('failed_logins').execute();
  await db.schema.dropTable('idx_transactions').execute();
}
