import type { Db } from '../database.js';
import { prepared } from '../prepared.js';

const hitWindow = prepared((db, p: { bucket: string; windowStart: number }) => db.insertInto('rate_limits').values({ bucket: p.bucket, window_start: p.windowStart, count: 1 })
  .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
  .returning('count'));

/** Fixed-window request counters, shared by every process on the database. */
export class RateLimitsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Counts one request in the window and returns the window's new count. One upsert statement, so
   * concurrent hits from any number of processes each see a distinct count (no read-then-write race).
   */
  async hit(bucket: string, windowStart: number): Promise<number> {
    const row = await hitWindow.first(this.db, { bucket, windowStart });
    return row!.count;
  }

  /** The window's counts so far of several buckets, in their order, without counting anything (0 for a window not begun): one read. */
  async counts(buckets: string[], windowStart: number): Promise<number[]> {
    const rows = await this.db.selectFrom('rate_limits').select(['bucket', 'count']).where('bucket', 'in', buckets).where('window_start', '=', windowStart).execute();
    return buckets.map((bucket) => rows.find((r) => r.bucket === bucket)?.count ?? 0);
  }

  /** Deletes the windows that started before `windowStart`. */
  async purgeBefore(windowStart: number): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('window_start', '<', windowStart).execute();
  }
}
