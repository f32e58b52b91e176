import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * The purge deletes spent refresh tokens (revoked, or past their absolute or idle expiry) and then
 * the token families nothing refers to any more; without these it would scan both token tables.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('refresh_tokens_expires').on('refresh_tokens').column('expires_at').execute();
  await db.schema.createIndex('refresh_tokens_idle_expires').on('refresh_tokens').column('idle_expires_at').execute();
  // Few tokens are revoked: a partial index stays small.
  await db.schema.createIndex('refresh_tokens_revoked').on('refresh_tokens').column('revoked_at').where(sql.ref('revoked_at'), 'is not', null).execute();
  // "Has this family an access token left?", asked once per family the purge considers.
  await db.schema.createIndex('issued_access_tokens_family').on('issued_access_tokens').column('family_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['issued_access_tokens_family', 'refresh_tokens_revoked', 'refresh_tokens_idle_expires', 'refresh_tokens_expires']) {
    await db.schema.dropIndex(index).execute();
  }
}
