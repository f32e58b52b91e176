import { sql } from 'kysely';
import type { Db } from '../database.js';

export type SignInEngineName = 'classic' | 'identity_engine';
export type SignInOutcome = 'success' | 'failure';

export interface EngineSignInCount {
  /** '' for Classic authn, which names no app. */
  clientId: string;
  engine: SignInEngineName;
  outcome: SignInOutcome;
  count: number;
}

/** Sign-in outcomes per app and engine (`latchkey upgrade status`), counted in the store so every process adds to them. */
export class EngineSignInsRepository {
  constructor(private readonly db: Db) {}

  async record(clientId: string, engine: SignInEngineName, outcome: SignInOutcome): Promise<void> {
    await this.db.insertInto('engine_sign_ins').values({ client_id: clientId, engine, outcome, count: 1 })
      .onConflict((oc) => oc.columns(['client_id', 'engine', 'outcome']).doUpdateSet({ count: sql`engine_sign_ins.count + 1` }))
      .execute();
  }

  async list(): Promise<EngineSignInCount[]> {
    const rows = await this.db.selectFrom('engine_sign_ins').selectAll().orderBy('client_id').orderBy('engine').orderBy('outcome').execute();
    return rows.map((r) => ({ clientId: r.client_id, engine: r.engine as SignInEngineName, outcome: r.outcome as SignInOutcome, count: Number(r.count) }));
  }
}
