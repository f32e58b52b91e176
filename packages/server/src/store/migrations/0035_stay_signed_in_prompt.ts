import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * When the device (hashed device cookie) was last asked "Stay signed in?" after a sign-in of the user
 * (the post-auth Keep me signed in prompt): an authentication policy rule's postAuthPromptFrequency
 * does not ask it again sooner, whatever was answered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('known_devices').addColumn('stay_signed_in_asked_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('known_devices').dropColumn('stay_signed_in_asked_at').execute();
}
