import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
export async function up(db: Kysely<any>): Promise<void> {
  // The email authenticator counts as enrolled once the address is verified. Users that existed
  // before this column were imported by an administrator, whose addresses Latchkey already trusted.
  await db.schema.alterTable('users').addColumn('email_verified_at', 'bigint').execute();
  await db.updateTable('users').set((eb: any) => ({ email_verified_at: eb.ref('created_at') })).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('email_verified_at').execute();
}
