import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * A device (hashed device cookie) the user asked to be remembered ("Keep me signed in", or the
 * global session policy's rememberDeviceByDefault) after a sign-in with two factors: when it did so.
 * The global session policy's factorPromptMode DEVICE does not ask that device for MFA again within
 * its factorLifetime. Signing out on the device, or the user's deactivation, clears it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('known_devices').addColumn('mfa_remembered_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('known_devices').dropColumn('mfa_remembered_at').execute();
}
