import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/** The name a person gives one of their enrollments on the security methods page ("Work phone"). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('authenticator_enrollments').addColumn('nickname', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('authenticator_enrollments').dropColumn('nickname').execute();
}
