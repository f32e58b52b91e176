import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * WebAuthn credentials are enrollments too (one row per credential): the credential id, unique and
 * looked up when a passkey signs in, and the credential's public key (not a secret, so not sealed).
 * The signature counter is kept in last_step, the replay guard every enrollment has.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('authenticator_enrollments').addColumn('credential_id', 'text').execute();
  await db.schema.alterTable('authenticator_enrollments').addColumn('public_key', 'text').execute();
  await db.schema.createIndex('authenticator_enrollments_credential').unique().on('authenticator_enrollments').column('credential_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('authenticator_enrollments_credential').execute();
  await db.schema.alterTable('authenticator_enrollments').dropColumn('public_key').execute();
  await db.schema.alterTable('authenticator_enrollments').dropColumn('credential_id').execute();
}
