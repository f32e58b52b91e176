/**
 * Sign-in counting under concurrency on PostgreSQL: the old scheme (one row per app, engine and
 * outcome, updated in place by every sign-in: `insert … on conflict do update set count = count + 1`)
 * against the new one (each sign-in appends a row to engine_sign_in_log; roll-ups fold it into the
 * totals). Both run the same number of concurrent writers from several stores (processes, in
 * effect) for the same time, on a fresh database; then the sums are checked against the writes made.
 *
 *   node --import tsx bench/sign-in-counts/run.ts [--workers 24 --stores 4 --seconds 5]
 *
 * Options also by environment: BENCH_WORKERS, BENCH_STORES, BENCH_SECONDS; the PostgreSQL server
 * (where a database is created, and dropped after) by BENCH_PG_URL (default the local one the tests use).
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Store } from '../../packages/server/src/store/store.js';
import { randomBase62 } from '../../packages/server/src/platform/ids.js';
import { rollUpSignIns } from '../../packages/server/src/upgrade/signInCounter.js';
import { numberOption } from '../lib/numberOption.js';
import { runBenchmark } from '../lib/runBenchmark.js';

const { values } = parseArgs({ options: { workers: { type: 'string' }, stores: { type: 'string' }, seconds: { type: 'string' } } });
const WORKERS = numberOption(values.workers, 'BENCH_WORKERS', 24, 1);
const STORES = numberOption(values.stores, 'BENCH_STORES', 4, 1);
const SECONDS = numberOption(values.seconds, 'BENCH_SECONDS', 5, 1);
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const APP = 'bench-app';

type Scheme = { name: string; count: (store: Store) => Promise<unknown> };

const SCHEMES: Scheme[] = [
  {
    name: 'one row, updated in place (old)',
    count: (store) => store.db.insertInto('engine_sign_ins').values({ client_id: APP, engine: 'classic', outcome: 'success', count: 1 })
      .onConflict((oc) => oc.columns(['client_id', 'engine', 'outcome']).doUpdateSet((eb) => ({ count: eb('engine_sign_ins.count', '+', 1) }))).execute(),
  },
  { name: 'appended to the log (new)', count: (store) => store.engineSignIns.record(APP, 'classic', 'success') },
];

/** Writers take turns over the stores until the time is up; answers how many counts they made. */
async function load(stores: Store[], scheme: Scheme): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  let made = 0;
  await Promise.all(Array.from({ length: WORKERS }, async (_, w) => {
    while (Date.now() < until) {
      await scheme.count(stores[w % stores.length]);
      made++;
    }
  }));
  return made;
}

const database = `latchkey_bench_${randomBase62(10).toLowerCase()}`;
const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
};
let stores: Store[] = [];

async function main(): Promise<number> {
  await admin(`create database ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  stores = Array.from({ length: STORES }, () => Store.open(url.toString()));
  await stores[0].migrate();
  console.log(`sign-in counts on PostgreSQL: ${WORKERS} concurrent writers over ${STORES} stores, ${SECONDS} s each scheme\n`);
  const rates: number[] = [];
  let ok = true;
  for (const scheme of SCHEMES) {
    await load(stores, scheme); // warm-up: connections opened, statements planned
    await stores[0].db.deleteFrom('engine_sign_ins').execute();
    await stores[0].db.deleteFrom('engine_sign_in_log').execute();
    const started = Date.now();
    const made = await load(stores, scheme);
    const rate = made / ((Date.now() - started) / 1000);
    await rollUpSignIns(stores[0]);
    const counted = (await stores[0].engineSignIns.list()).find((c) => c.clientId === APP)?.count ?? 0;
    ok &&= counted === made;
    rates.push(rate);
    console.log(`  ${scheme.name.padEnd(34)} ${rate.toFixed(0).padStart(7)} counts/s   ${counted === made ? 'sum checks' : `SUM WRONG: ${counted} of ${made}`}`);
  }
  console.log(`\n  ratio new / old: ${(rates[1] / rates[0]).toFixed(2)}x`);
  return ok ? 0 : 1;
}

runBenchmark('sign-in-counts', async () => {
  try {
    return await main();
  } finally {
    for (const store of stores) await store.close();
    await admin(`drop database if exists ${database} with (force)`);
  }
}, () => undefined);
