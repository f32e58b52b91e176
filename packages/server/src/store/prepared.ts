import type { Compilable, CompiledQuery, DialectAdapter, QueryResult } from 'kysely';
import type { Db } from './database.js';

/** Where one named parameter goes in a compiled query: replaced by the call's value at each execution. */
class Hole {
  constructor(readonly name: string) {}
}

/** Stands for the parameters while the query is built: each property read is the hole of that name. */
const holes = new Proxy({}, { get: (_, name) => new Hole(String(name)) });

/**
 * A hot query built and compiled once per database instead of on every call: Kysely's building
 * and compiling cost the JavaScript thread more than SQLite's run of these small statements. The
 * parameters are scalars (an array would be one value, not a list) and never undefined (a builder
 * leaves an undefined column out of an insert or update; a prepared query cannot).
 */
export class PreparedQuery<P extends object, R> {
  /** By the database's dialect adapter: one per database, shared by its transactions and connections. */
  private readonly compiled = new WeakMap<DialectAdapter, CompiledQuery<R>>();

  constructor(private readonly build: (db: Db, params: P) => Compilable<R>) {}

  execute(db: Db, params: P): Promise<QueryResult<R>> {
    const adapter = db.getExecutor().adapter;
    let query = this.compiled.get(adapter);
    if (!query) {
      query = this.build(db, holes as P).compile();
      this.compiled.set(adapter, query);
    }
    const values = params as Record<string, unknown>;
    const parameters = query.parameters.map((p) => {
      if (!(p instanceof Hole)) return p;
      const value = values[p.name];
      if (value === undefined) throw new Error(`prepared query: parameter ${p.name} is undefined`);
      return value;
    });
    return db.executeQuery({ ...query, parameters });
  }

  async rows(db: Db, params: P): Promise<R[]> {
    return (await this.execute(db, params)).rows;
  }

  async first(db: Db, params: P): Promise<R | undefined> {
    return (await this.execute(db, params)).rows[0];
  }

  /** The rows an insert, update or delete without `returning` changed. */
  async affected(db: Db, params: P): Promise<number> {
    return Number((await this.execute(db, params)).numAffectedRows ?? 0);
  }
}

export const prepared = <P extends object, R>(build: (db: Db, params: P) => Compilable<R>) => new PreparedQuery(build);
