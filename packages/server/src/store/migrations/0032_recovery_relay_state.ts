import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * The relayState a Classic recovery or unlock by email was asked with (`/api/v1/authn/recovery/*`):
 * the emailed link's token continues that transaction, whose every answer gives the relayState back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('recovery_tokens').addColumn('relay_state', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('recovery_tokens').dropColumn('relay_state').execute();
}
