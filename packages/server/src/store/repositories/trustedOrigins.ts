import type { Db } from '../database.js';
import { fromJson, toJson } from '../json.js';

export type TrustedOriginScope = 'CORS' | 'REDIRECT';

export interface TrustedOrigin {
  id: string;
  name: string;
  /** scheme://host[:port], no path */
  origin: string;
  scopes: TrustedOriginScope[];
}

export class TrustedOriginsRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<TrustedOrigin[]> {
    const rows = await this.db.selectFrom('trusted_origins').selectAll().orderBy('origin').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, origin: r.origin, scopes: fromJson(r.scopes, []) }));
  }

  async findByOrigin(origin: string): Promise<TrustedOrigin | undefined> {
    const r = await this.db.selectFrom('trusted_origins').selectAll().where('origin', '=', origin).executeTakeFirst();
    return r && { id: r.id, name: r.name, origin: r.origin, scopes: fromJson(r.scopes, []) };
  }

  async upsert(t: TrustedOrigin): Promise<void> {
    const changes = { name: t.name, scopes: toJson(t.scopes) };
    await this.db.insertInto('trusted_origins').values({ id: t.id, origin: t.origin, ...changes })
      .onConflict((oc) => oc.column('origin').doUpdateSet(changes)).execute();
  }
}
