/**
 * The SQL statements one password sign-in runs, step by step: Latchkey in this process on a new
 * SQLite file with the benchmark's org, every better-sqlite3 statement counted as it runs, the
 * sign-in of run.ts made twice (the first fills the caches; the second is reported).
 *
 *   node --import tsx bench/idx-login/statements.ts [--sql]
 *
 * `--sql` also prints each statement's text (shortened). Statement counts do not depend on the
 * machine, so this is how a change to the store or the engine shows what it costs per login.
 *
 * `--time N` then makes N more sign-ins, one at a time, and prints the time the JS thread spent
 * inside SQLite per sign-in, by statement, most first: what the store costs of the thread that
 * every request shares (SQLite runs synchronously on it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { createLatchkey } from '../../packages/server/src/app.js';
import { loadConfig } from '../../packages/server/src/config/config.js';
import { hashPassword } from '../../packages/server/src/platform/passwordHashing.js';
import { benchOrg, login, PASSWORD, STEPS, userLogin, type StepName } from './loginFlow.js';

const { values } = parseArgs({ options: { sql: { type: 'boolean', default: false }, time: { type: 'string' } } });
const timed = Number(values.time ?? 0);

// Counts (and times) every statement run, by wrapping the methods of each statement the database prepares.
const ran: string[] = [];
const spent = new Map<string, bigint>();
const prototype = SQLite.prototype as unknown as { prepare(this: SQLite.Database, source: string): SQLite.Statement };
const prepare = prototype.prepare;
prototype.prepare = function (this: SQLite.Database, source: string) {
  const statement = prepare.call(this, source) as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = statement[method].bind(statement);
    statement[method] = (...args: unknown[]) => {
      ran.push(source);
      const start = process.hrtime.bigint();
      try {
        return original(...args);
      } finally {
        spent.set(source, (spent.get(source) ?? 0n) + process.hrtime.bigint() - start);
      }
    };
  }
  return statement as unknown as SQLite.Statement;
};

const dir = mkdtempSync(join(tmpdir(), 'latchkey-statements-'));
try {
  const orgFile = join(dir, 'org.json');
  writeFileSync(orgFile, JSON.stringify(benchOrg(2 + timed, await hashPassword(PASSWORD))));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    port: String(port), host: '127.0.0.1', baseUrl: base, databaseUrl: `sqlite:${join(dir, 'latchkey.sqlite')}`, orgFile, seed: false, logLevel: 'silent',
  }, {});
  const latchkey = await createLatchkey(config);
  await latchkey.listen();
  try {
    await login(base, userLogin(0));
    const perStep = new Map<StepName, string[]>();
    ran.length = 0;
    await login(base, userLogin(1), (step) => perStep.set(step, ran.splice(0)));
    console.log('SQL statements of one password sign-in (the second; the first filled the caches)\n');
    for (const step of STEPS) {
      const statements = perStep.get(step) ?? [];
      console.log(`  ${step.padEnd(11)} ${String(statements.length).padStart(3)}`);
      if (values.sql) for (const s of statements) console.log(`      ${s.replace(/\s+/g, ' ').slice(0, 110)}`);
    }
    const total = [...perStep.values()].reduce((n, s) => n + s.length, 0);
    console.log(`  ${'total'.padEnd(11)} ${String(total).padStart(3)}`);
    if (timed > 0) {
      spent.clear();
      for (let i = 0; i < timed; i++) await login(base, userLogin(2 + i));
      const rows = [...spent].map(([sql, ns]) => ({ sql, ms: Number(ns) / 1e6 / timed })).sort((a, b) => b.ms - a.ms);
      const sum = rows.reduce((t, r) => t + r.ms, 0);
      console.log(`\nJS thread inside SQLite per sign-in, over ${timed} more sign-ins one at a time: ${sum.toFixed(3)} ms`);
      for (const r of rows) console.log(`  ${r.ms.toFixed(3)} ms  ${r.sql.replace(/\s+/g, ' ').slice(0, 100)}`);
    }
  } finally {
    await latchkey.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
