import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * What the policies remember of a user's sign-ins: previous password hashes (argon2id, or the
 * imported hash as it was; the password policy's history), the devices they signed in from (the
 * device cookie's hash: the device condition, the risk scorer), and the networks (/24 or /48) they
 * signed in from (the risk scorer).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('password_history')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_history_user').on('password_history').columns(['user_id', 'created_at']).execute();
  await db.schema.createTable('known_devices')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_hash', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_devices_pk', ['user_id', 'device_hash'])
    .execute();
  await db.schema.createTable('known_networks')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_networks_pk', ['user_id', 'network'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('known_networks').execute();
  await db.schema.dropTable('known_devices').execute();
  await db.schema.dropTable('password_history').execute();
}
