import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * When an account last had a wrong password: failures a day apart no longer add up (lockout.ts),
 * as an unknown identifier's counter does not, so the two keep locking out alike.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('last_failed_login_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('last_failed_login_at').execute();
}
