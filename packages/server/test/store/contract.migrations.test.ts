import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { Store } from '../../src/store/store.js';
import { MigrationError } from '../../src/store/migrate.js';
import * as userStatusDates from '../../src/store/migrations/0040_user_status_dates.js';
import { postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from '../support/databases.js';

const TABLES = [
  'access_policies', 'access_rules', 'activation_tokens', 'api_tokens', 'apps', 'auth_servers', 'authenticator_enrollments', 'authorization_codes', 'claims', 'engine_sign_in_log', 'engine_sign_ins', 'enrollment_grace', 'group_members', 'groups', 'identifier_lockouts',
  'idx_transactions', 'issued_access_tokens', 'known_devices', 'known_networks', 'outbox', 'password_history', 'policies', 'policy_rules', 'push_challenges', 'rate_limits', 'recovery_tokens',
  'refresh_tokens', 'revoked_tokens', 'scopes', 'session_tokens', 'sessions', 'settings', 'signing_keys',
  'token_families', 'trusted_origins', 'used_assertions', 'users', 'verify_enrollment_tokens',
];

/** Every migration file, in name order: each must be registered in migrate.ts and applied once. */
const MIGRATIONS = readdirSync(new URL('../../src/store/migrations/', import.meta.url)).map((f) => f.replace(/\.ts$/, '')).sort();

const MIGRATE_WHEN_TOLD = fileURLToPath(new URL('../support/migrateWhenTold.ts', import.meta.url));

/** Migrates `url` from `n` processes at once (each started and ready first); answers what each printed. */
async function migrateFromProcesses(url: string, n: number): Promise<Array<{ applied?: string[]; error?: string }>> {
  const children = Array.from({ length: n }, () => spawn(process.execPath, ['--import', 'tsx', MIGRATE_WHEN_TOLD, url], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const lines = children.map((child) => createInterface({ input: child.stdout! })[Symbol.asyncIterator]());
  await Promise.all(lines.map((line) => line.next())); // each says `ready`
  for (const child of children) child.stdin!.write('go\n');
  return Promise.all(lines.map(async (line) => JSON.parse((await line.next()).value as string)));
}

async function tablesOf(store: Store): Promise<string[]> {
  const rows = store.dialect === 'sqlite'
    ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(store.db)).rows
    : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(store.db)).rows;
  return rows.map((r) => r.name).filter((n) => !n.startsWith('latchkey_migration')).sort();
}

const engines: Array<{ engine: TestDatabase['engine']; fresh: () => Promise<TestDatabase | undefined> }> = [
  { engine: 'sqlite', fresh: async () => sqliteTestDatabase() },
  { engine: 'postgres', fresh: postgresTestDatabase },
];

for (const { engine, fresh } of engines) {
  describe(`migrations [${engine}]`, () => {
    const cleanup: Array<() => Promise<void>> = [];
    after(async () => {
      for (const step of cleanup.reverse()) await step();
    });

    /** A fresh database and `n` stores open on it; undefined when the engine is unavailable. */
    async function open(n: number): Promise<Store[] | undefined> {
      const database = await fresh();
      if (!database) return undefined;
      cleanup.push(() => database.drop());
      const stores = Array.from({ length: n }, () => Store.open(database.url));
      cleanup.push(async () => { for (const s of stores) await s.close(); });
      return stores;
    }

    test('migrate creates the schema once; a second migrate is a no-op returning []', async (t) => {
      const stores = await open(2);
      if (!stores) return t.skip('PostgreSQL unreachable');
      const [store, later] = stores;
      assert.deepEqual(await store.migrate(), MIGRATIONS);
      assert.deepEqual(await tablesOf(store), TABLES);
      await store.settings.set('marker', 'kept');
      assert.deepEqual(await store.migrate(), []);
      assert.deepEqual(await later.migrate(), [], 'another process starting later migrates nothing');
      assert.equal(await store.settings.get('marker'), 'kept', 'data survives a re-run');
      await store.ping();
    });

    test('0040 gives the users made before it status dates: STAGED none; others statusChanged at their last update, activated when made if their status says so', async (t) => {
      const stores = await open(1);
      if (!stores) return t.skip('PostgreSQL unreachable');
      const [store] = stores;
      await store.migrate();
      await userStatusDates.down(store.db);
      const statuses = ['STAGED', 'PROVISIONED', 'ACTIVE', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'];
      for (const [n, status] of statuses.entries()) {
        await sql`insert into users (id, login, status, profile, created_at, updated_at) values (${`00u${n}`}, ${`u${n}@example.com`}, ${status}, '{}', 1000, 2000)`.execute(store.db);
      }
      await userStatusDates.up(store.db);
      const dates = await Promise.all(statuses.map(async (_, n) => {
        const user = await store.users.findById(`00u${n}`);
        return [user?.status, user?.statusChangedAt, user?.activatedAt];
      }));
      assert.deepEqual(dates, [
        ['STAGED', null, null], ['PROVISIONED', 2000, null], ['ACTIVE', 2000, 1000], ['LOCKED_OUT', 2000, 1000], ['SUSPENDED', 2000, 1000], ['DEPROVISIONED', 2000, null],
      ]);
    });

    if (engine === 'sqlite') {
      test('processes migrating the same fresh SQLite file at the same moment all succeed, and migrate once', async () => {
        const database = sqliteTestDatabase();
        cleanup.push(() => database.drop());
        const outcomes = await migrateFromProcesses(database.url, 3);
        assert.deepEqual(outcomes.flatMap((o) => o.applied ?? [`error: ${o.error}`]), MIGRATIONS, JSON.stringify(outcomes));
        const store = Store.open(database.url);
        cleanup.push(() => store.close());
        assert.deepEqual(await tablesOf(store), TABLES);
      });

      test('a migration that fails leaves a SQLite file as it was: the pending migrations apply all or none', async () => {
        const [store] = (await open(1))!;
        // A table in the way of 0003_outbox, as a hand-made change would leave it.
        await sql`create table outbox (id text)`.execute(store.db);
        await assert.rejects(store.migrate(), (error: Error) => error instanceof MigrationError && /0003_outbox/.test(error.message));
        assert.deepEqual(await tablesOf(store), ['outbox'], 'the migrations before the failed one were rolled back');
        await sql`drop table outbox`.execute(store.db);
        assert.deepEqual(await store.migrate(), MIGRATIONS);
      });
    }

    if (engine === 'postgres') {
      test('stores migrating the same fresh database concurrently all succeed, and migrate once', async (t) => {
        const stores = await open(4);
        if (!stores) return t.skip('PostgreSQL unreachable');
        const results = await Promise.all(stores.map((s) => s.migrate()));
        assert.deepEqual(results.flat(), MIGRATIONS, `results: ${JSON.stringify(results)}`);
        for (const s of stores) assert.deepEqual(await tablesOf(s), TABLES);
        const applied = await sql<{ name: string }>`select name from latchkey_migrations`.execute(stores[0].db);
        assert.deepEqual(applied.rows.map((r) => r.name), MIGRATIONS);
      });

      test('the server ending idle connections (a restart, a failover) does not end the process; the next query reconnects', async (t) => {
        const stores = await open(2);
        if (!stores) return t.skip('PostgreSQL unreachable');
        const [store, admin] = stores;
        await store.migrate();
        await Promise.all([store.ping(), store.ping(), store.ping()]); // several idle connections in the pool
        const uncaught: unknown[] = [];
        const record = (error: unknown) => uncaught.push(error);
        process.on('uncaughtException', record);
        try {
          const ended = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()`.execute(admin.db);
          assert.ok(ended.rows[0].n >= 1, 'the store\'s connections were ended');
          await new Promise((resolve) => setTimeout(resolve, 200)); // the pool hears of it
          await store.settings.set('after-restart', 'ok');
          assert.equal(await store.settings.get('after-restart'), 'ok');
        } finally {
          process.off('uncaughtException', record);
        }
        assert.deepEqual(uncaught, []);
      });
    }
  });
}
