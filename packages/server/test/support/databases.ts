import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomBase62 } from '../../src/platform/ids.js';

/**
 * Fresh, empty databases for tests: a temporary SQLite file, and a newly created PostgreSQL
 * database on the server named by LATCHKEY_TEST_PG_URL (default: the machine's local one).
 * LATCHKEY_TEST_PG=required (set by CI) makes an unreachable PostgreSQL a failure instead of a skip.
 */
export interface TestDatabase {
  engine: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

const PG_ADMIN_URL = process.env.LATCHKEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function sqliteTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-test-'));
  return { engine: 'sqlite', url: `sqlite:${join(dir, 'test.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A new PostgreSQL database, or undefined (skip) when none is reachable and none is required. */
export async function postgresTestDatabase(): Promise<TestDatabase | undefined> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    if (process.env.LATCHKEY_TEST_PG === 'required') throw new Error(`PostgreSQL required but unreachable at ${PG_ADMIN_URL}: ${(error as Error).message}`);
    return undefined;
  }
  const name = `latchkey_${randomBase62(12).toLowerCase()}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    engine: 'postgres',
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** SQLite always; PostgreSQL when reachable (or required). */
export async function testDatabases(): Promise<TestDatabase[]> {
  const pgDb = await postgresTestDatabase();
  return pgDb ? [sqliteTestDatabase(), pgDb] : [sqliteTestDatabase()];
}
