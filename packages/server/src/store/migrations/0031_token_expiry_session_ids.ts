import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * API tokens expire, as Okta's do, after their window without use: the window (an ISO 8601 duration),
 * the last recorded use and the expiry it gives, and the user the token acts for (optional). Tokens
 * made before this count as used now: none expires by the upgrade itself.
 *
 * Sessions are found by their public id (`102` + the first 22 characters of the cookie's hash, as
 * the Sessions API shows it): an index on that prefix, so the lookup is not a scan of every session.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = Date.now();
  await db.schema.alterTable('api_tokens').addColumn('token_window', 'text', (c) => c.notNull().defaultTo('P30D')).execute();
  await db.schema.alterTable('api_tokens').addColumn('last_used_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('api_tokens').addColumn('user_id', 'text').execute();
  await db.updateTable('api_tokens').set({ last_used_at: now, expires_at: now + 30 * 24 * 3600_000 }).execute();
  await db.schema.createIndex('sessions_public_id').on('sessions').expression(sql`substr(id_hash, 1, 22)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_public_id').execute();
  for (const column of ['user_id', 'expires_at', 'last_used_at', 'token_window']) await db.schema.alterTable('api_tokens').dropColumn(column).execute();
}
