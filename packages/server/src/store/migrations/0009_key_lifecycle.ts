import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
export async function up(db: Kysely<any>): Promise<void> {
  // A rotated-in key is published before it signs: it signs from signs_from on. The key it replaces
  // signs until then (signs_until), which tells when the tokens it signed have all expired.
  await db.schema.alterTable('signing_keys').addColumn('signs_from', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('signing_keys').addColumn('signs_until', 'bigint').execute();
  // Keys made before this migration signed from their creation until the next key was made.
  await db.updateTable('signing_keys').set((eb: any) => ({ signs_from: eb.ref('created_at') })).execute();
  await sql`update signing_keys set signs_until = (select min(n.created_at) from signing_keys n
    where n.server_id = signing_keys.server_id and n.created_at > signing_keys.created_at) where status <> 'active'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('signing_keys').dropColumn('signs_until').execute();
  await db.schema.alterTable('signing_keys').dropColumn('signs_from').execute();
}
