import { sql } from 'kysely';
import type { Db } from '../database.js';
import { prepared } from '../prepared.js';

export type SignInEngineName = 'classic' | 'identity_engine';
export type SignInOutcome = 'success' | 'failure';

export interface EngineSignInCount {
  /** '' for Classic authn not (yet) redeemed by an app: authn itself names none. */
  clientId: string;
  engine: SignInEngineName;
  outcome: SignInOutcome;
  count: number;
}

type LogRow = { client_id: string; engine: string; outcome: string; delta: number };

const logSignIn = prepared((db, p: { clientId: string; engine: SignInEngineName; outcome: SignInOutcome }) => db.insertInto('engine_sign_in_log')
  .values({ client_id: p.clientId, engine: p.engine, outcome: p.outcome, delta: 1 }));

/**
 * Sign-in outcomes per app and engine (`latchkey upgrade status`), counted in the store so every
 * process adds to them. A sign-in appends a row to a log that no other sign-in writes to (no row
 * lock to queue on, unlike one counter row per app updated by every sign-in); `rollUp` folds the
 * log into the totals now and then, and a read sums both.
 */
export class EngineSignInsRepository {
  constructor(private readonly db: Db) {}

  async record(clientId: string, engine: SignInEngineName, outcome: SignInOutcome): Promise<void> {
    await logSignIn.execute(this.db, { clientId, engine, outcome });
  }

  /** A Classic success whose sessionToken the app redeemed: it moves from '' (no app) to the app. */
  async redeemedBy(clientId: string): Promise<void> {
    await this.db.insertInto('engine_sign_in_log').values([
      { client_id: '', engine: 'classic', outcome: 'success', delta: -1 },
      { client_id: clientId, engine: 'classic', outcome: 'success', delta: 1 },
    ]).execute();
  }

  async list(): Promise<EngineSignInCount[]> {
    const totals = this.db.selectFrom('engine_sign_ins').select(['client_id', 'engine', 'outcome', 'count']);
    const logged = this.db.selectFrom('engine_sign_in_log').select(['client_id', 'engine', 'outcome', 'delta as count']);
    const rows = await this.db.selectFrom(totals.unionAll(logged).as('c'))
      .select(['client_id', 'engine', 'outcome', (eb) => eb.fn.sum<number>('count').as('count')])
      .groupBy(['client_id', 'engine', 'outcome']).orderBy('client_id').orderBy('engine').orderBy('outcome').execute();
    return rows.map((r) => ({ clientId: r.client_id, engine: r.engine as SignInEngineName, outcome: r.outcome as SignInOutcome, count: Number(r.count) }));
  }

  /**
   * Folds the log into the totals, in one transaction (the caller's). Each log row is deleted by one
   * roll-up only (two at once on PostgreSQL: the second waits for the first's row locks, then finds
   * those rows gone), so none is counted twice; rows appended meanwhile wait for the next roll-up.
   */
  async rollUp(): Promise<number> {
    const rows: LogRow[] = await this.db.deleteFrom('engine_sign_in_log').returning(['client_id', 'engine', 'outcome', 'delta']).execute();
    const sums = new Map<string, LogRow>();
    for (const r of rows) {
      const key = `${r.client_id}\u0000${r.engine}\u0000${r.outcome}`;
      const sum = sums.get(key) ?? { ...r, delta: 0 };
      sum.delta += Number(r.delta);
      sums.set(key, sum);
    }
    for (const s of sums.values()) {
      await this.db.insertInto('engine_sign_ins').values({ client_id: s.client_id, engine: s.engine, outcome: s.outcome, count: s.delta })
        .onConflict((oc) => oc.columns(['client_id', 'engine', 'outcome']).doUpdateSet({ count: sql`engine_sign_ins.count + excluded.count` }))
        .execute();
    }
    return rows.length;
  }
}
