import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then */
/**
 * An API token's network condition (Okta's `network`, set by `PUT /api/v1/api-tokens/{id}`): JSON
 * `{ connection: 'ZONE', include?, exclude? }` naming network zones; null, as every token made before
 * this has, is ANYWHERE.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('network', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('network').execute();
}
