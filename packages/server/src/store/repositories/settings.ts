import type { Db } from '../database.js';

/** Small org-wide values (org name, seed marker). */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  /** The stored value, or `make()`'s stored first: processes starting together all get the one winner. */
  async getOrCreate(key: string, make: () => string): Promise<string> {
    await this.db.insertInto('settings').values({ key, value: make() }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return (await this.get(key))!;
  }

  /** Replaces the value only if it is still `from` (another process may have replaced it first). */
  async replace(key: string, from: string, to: string): Promise<void> {
    await this.db.updateTable('settings').set({ value: to }).where('key', '=', key).where('value', '=', from).execute();
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('settings').where('key', '=', key).execute();
  }
}
