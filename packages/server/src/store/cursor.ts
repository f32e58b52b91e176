import type { ExpressionBuilder } from 'kysely';

/**
 * Keyset paging in creation order: rows made after the cursor row, or in the same millisecond with a
 * greater id. Lists ordered by (created_at, id) page with it, so no row is skipped or seen twice.
 */
export const madeAfter = (cursor: { createdAt: number; id: string }) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table with created_at and id
  (eb: ExpressionBuilder<any, any>) => eb.or([eb('created_at', '>', cursor.createdAt), eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '>', cursor.id)])]);
