import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

// int8 (bigint) columns hold epoch milliseconds, well inside Number's exact range.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Kysely's SQLite driver prepares every query anew; SQLite's compile then costs more than running
 * the query. Our queries are few distinct texts, so keep their statements (bounded). Safe because
 * every statement runs to completion at once (we never stream rows).
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

export interface OpenedDatabase {
  db: Db;
  dialect: Dialect;
}

/** A `sqlite:` URL with no file, or whose folder does not exist (likely a typo, so nothing is created there silently). */
export class DatabaseUrlError extends Error {}

/**
 * The database file readable by its owner only (0600; a store older than this rule is tightened).
 * SQLite gives its -wal and -shm files the database file's mode.
 */
function createPrivately(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/** -wal and -shm left by a process older than createPrivately may carry a wider mode. */
function restrictJournals(file: string): void {
  for (const journal of [`${file}-wal`, `${file}-shm`]) if (existsSync(journal)) chmodSync(journal, 0o600);
}

/** Opens `sqlite:<file>` (WAL; the file is created, its folder must exist) or `postgres://…`. */
export function openDatabase(url: string, options: { poolSize?: number } = {}): OpenedDatabase {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file === '') throw new DatabaseUrlError('sqlite: needs a file, such as sqlite:/var/lib/latchkey/latchkey.sqlite; check --database-url');
    if (file !== ':memory:' && !existsSync(dirname(file))) {
      throw new DatabaseUrlError(`the folder of the SQLite database ${file} does not exist; create it or check --database-url`);
    }
    if (file !== ':memory:') createPrivately(file);
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    if (file !== ':memory:') restrictJournals(file);
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }), dialect: 'sqlite' };
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle connection the server ends (a PostgreSQL restart, a failover, an administrator) emits
  // an error on the pool; unhandled, it would end the process. The pool discards that client and
  // connects anew on the next query, so there is nothing else to do.
  pool.on('error', () => undefined);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}
