import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * Okta's `statusChanged` and `activated` dates of a user. Rows made before this never recorded them,
 * so they get the nearest value known: a STAGED user's status never changed (null, as Okta answers
 * for a user created unactivated); any other user's status changed at the latest at `updated_at`,
 * the row's last write. A user in a status only an activated user reaches (ACTIVE, RECOVERY,
 * PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED) is taken as activated when created; STAGED, PROVISIONED
 * and DEPROVISIONED users get none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('status_changed_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('activated_at', 'bigint').execute();
  await db.updateTable('users').set({ status_changed_at: sql`updated_at` }).where('status', '<>', 'STAGED').execute();
  await db.updateTable('users').set({ activated_at: sql`created_at` })
    .where('status', 'in', ['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('activated_at').execute();
  await db.schema.alterTable('users').dropColumn('status_changed_at').execute();
}
