import { after, before, describe } from 'node:test';
import { Store } from '../../src/store/store.js';
import { testDatabases, type TestDatabase } from './databases.js';

/** What a contract suite sees: the engine, a migrated store, and more stores on the same database. */
export interface ContractContext {
  readonly engine: TestDatabase['engine'];
  readonly url: string;
  /** The migrated store of this engine (opened in `before`). */
  readonly store: Store;
  /** Another Store on the same database (a second process, in effect); closed after the suite. */
  openAnother(): Store;
}

/**
 * Defines the suite `title` once per engine (SQLite always, PostgreSQL when reachable): each gets a
 * fresh database, a migrated `Store.open(url)`, and is closed and dropped afterwards. Tests of one
 * suite share the database, so they use their own ids.
 */
export async function forEachEngine(title: string, define: (ctx: ContractContext) => void): Promise<void> {
  for (const database of await testDatabases()) {
    describe(`${title} [${database.engine}]`, () => {
      let store: Store | undefined;
      const others: Store[] = [];
      before(async () => {
        store = Store.open(database.url);
        await store.migrate();
      });
      after(async () => {
        for (const other of others) await other.close();
        await store?.close();
        await database.drop();
      });
      define({
        engine: database.engine,
        url: database.url,
        get store() {
          if (!store) throw new Error('store used outside a test');
          return store;
        },
        openAnother() {
          const other = Store.open(database.url);
          others.push(other);
          return other;
        },
      });
    });
  }
}

let counter = 0;
/** A short unique suffix for ids and names within one suite. */
export const unique = (prefix = ''): string => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;
