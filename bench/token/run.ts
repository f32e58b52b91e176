/**
 * Token issuance benchmark: client_credentials on Latchkey vs. oidc-provider, same machine, same run.
 *
 *   npm run bench:token [-- --connections 16 --duration 10 --warmup 3 --rounds 1 --sign-seconds 3
 *                          --only latchkey|oidc-provider --cpu-prof DIR]
 *
 * Each option can also be given by environment: BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP,
 * BENCH_ROUNDS, BENCH_SIGN_SECONDS, BENCH_ONLY, BENCH_CPU_PROF. See bench/README.md for what the
 * figures mean. With several rounds the servers take turns (A B, B A, …) and the medians are reported.
 *
 * Steps: measure the raw RS256 signing rate of this machine; start each server as its own Node
 * process; check that each answers 200 with a JWT access token; then, one server at a time, drive
 * the token endpoint with autocannon (warm-up discarded, then the measured run) and count every
 * non-2xx response. Prints a table and the two target ratios. Exit code 1 when a run is invalid
 * (non-2xx responses, socket errors or timeouts, or a server that fails its check).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { runBenchmark } from '../lib/runBenchmark.js';
import { freePort } from '../lib/freePort.js';
import { numberOption } from '../lib/numberOption.js';
import { cpuOfStat } from '../lib/threadCpu.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');

const CLIENT_ID = 'bench-svc';
const CLIENT_SECRET = 'bench-svc-secret-0123456789';
const SCOPE = 'read:messages';
const AUDIENCE = 'api://default';
const RATIO_TARGET = 1.5;
const SIGN_TARGET = 0.5;

type ServerName = 'latchkey' | 'oidc-provider';

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  connections: number;
  duration: number;
  warmup: number;
  rounds: number;
  signSeconds: number;
  only?: ServerName;
  cpuProf?: string;
}

function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      connections: { type: 'string' }, duration: { type: 'string' }, warmup: { type: 'string' }, rounds: { type: 'string' },
      'sign-seconds': { type: 'string' }, only: { type: 'string' }, 'cpu-prof': { type: 'string' },
    },
  });
  const only = values.only ?? process.env.BENCH_ONLY;
  if (only !== undefined && only !== '' && only !== 'latchkey' && only !== 'oidc-provider') throw new Error('--only must be latchkey or oidc-provider');
  const cpuProf = values['cpu-prof'] ?? process.env.BENCH_CPU_PROF;
  return {
    connections: Math.round(numberOption(values.connections, 'BENCH_CONNECTIONS', 16, 1)),
    duration: numberOption(values.duration, 'BENCH_DURATION', 10, 1),
    warmup: numberOption(values.warmup, 'BENCH_WARMUP', 3, 0),
    rounds: Math.round(numberOption(values.rounds, 'BENCH_ROUNDS', 1, 1)),
    signSeconds: numberOption(values['sign-seconds'], 'BENCH_SIGN_SECONDS', 3, 0.5),
    only: only ? (only as ServerName) : undefined,
    cpuProf: cpuProf ? resolve(cpuProf) : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Raw RS256 signing rate of this machine

/** A JWS signing input shaped and sized like the access tokens both servers issue. */
function typicalSigningInput(): Buffer {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = { kid: 'D6cD4-92EMXlRMDVVWBYBOigpC9XNcajKigk9TWru04', alg: 'RS256' };
  const claims = {
    ver: 1, jti: 'AT.WqIFV_omO7ACVvraKIBN_ify6tMrMW4bjvHIo1DmSxM', iss: 'http://127.0.0.1:40000/oauth2/default',
    aud: AUDIENCE, iat: now, exp: now + 3600, cid: CLIENT_ID, scp: [SCOPE], sub: CLIENT_ID,
  };
  return Buffer.from(`${b64(header)}.${b64(claims)}`);
}

/** Synchronous `crypto.sign` in a loop on this thread: signatures per second of one core. */
function syncSignRate(key: KeyObject, data: Buffer, seconds: number): number {
  for (let i = 0; i < 50; i++) sign('sha256', data, key); // warm-up
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 10; i++) sign('sha256', data, key);
    count += 10;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

/** Callback `crypto.sign` (libuv thread pool) with `inFlight` outstanding: what all cores sign. */
function poolSignRate(key: KeyObject, data: Buffer, seconds: number, inFlight: number): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    let count = 0;
    let running = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    const next = () => {
      running++;
      sign('sha256', data, key, (error) => {
        running--;
        if (error) return reject(error);
        count++;
        const now = performance.now();
        if (now < end) next();
        else if (running === 0) resolvePromise(count / ((now - start) / 1000));
      });
    };
    for (let i = 0; i < inFlight; i++) next();
  });
}

// ---------------------------------------------------------------------------------------------
// Child servers

interface Child {
  name: ServerName;
  process: ChildProcess;
  tokenUrl: string;
  /** The last output lines, shown when the server fails. */
  output: string[];
  exited: Promise<number | null>;
}

const children: Child[] = [];

function startChild(name: ServerName, args: string[], tokenUrl: string, nodeFlags: string[]): Child {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) output.push(line);
    if (output.length > 40) output.splice(0, output.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
  const entry: Child = { name, process: child, tokenUrl, output, exited };
  children.push(entry);
  return entry;
}

/** The temporary folder of this run (org file, SQLite database), removed on every way out. */
let tempDir: string | undefined;

function cleanUp(): void {
  for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

/** SIGTERM, then SIGKILL after a grace period (a profiled process needs the time to write its profile). */
async function stopChild(c: Child): Promise<void> {
  if (c.process.exitCode !== null || c.process.signalCode !== null) return;
  c.process.kill('SIGTERM');
  const timer = setTimeout(() => c.process.kill('SIGKILL'), 15_000);
  await c.exited;
  clearTimeout(timer);
}

const basic = `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}`;
const tokenBody = new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPE }).toString();

function requestToken(url: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: tokenBody,
  });
}

/** Waits until the server answers HTTP at all (any status), or fails if it exits or takes too long. */
async function waitUntilListening(c: Child, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void c.exited.then(() => { dead = true; });
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${c.name} exited during start (code ${c.process.exitCode}):\n  ${c.output.join('\n  ')}`);
    try {
      await requestToken(c.tokenUrl);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${c.name} did not start within ${timeoutMs / 1000} s:\n  ${c.output.join('\n  ')}`);
}

function decodeJwt(jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new Error(`not a compact JWS (${parts.length} parts)`);
  const part = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: part(parts[0]), claims: part(parts[1]) };
}

/** One token request must answer 200 with an RS256 JWT access token for the audience; prints it decoded. */
async function verify(c: Child): Promise<void> {
  const response = await requestToken(c.tokenUrl);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${c.name}: token request answered ${response.status}: ${text}`);
  const body = JSON.parse(text) as { access_token?: string; token_type?: string; expires_in?: number; scope?: string };
  if (typeof body.access_token !== 'string') throw new Error(`${c.name}: no access_token in ${text}`);
  const { header, claims } = decodeJwt(body.access_token);
  const signatureBytes = Buffer.from(body.access_token.split('.')[2], 'base64url').length;
  if (header.alg !== 'RS256' || signatureBytes !== 256) throw new Error(`${c.name}: expected an RS256 2048-bit signature, got alg ${String(header.alg)} with ${signatureBytes} bytes`);
  if (claims.aud !== AUDIENCE && !(Array.isArray(claims.aud) && claims.aud.includes(AUDIENCE))) throw new Error(`${c.name}: aud is ${JSON.stringify(claims.aud)}, expected ${AUDIENCE}`);
  console.log(`  ${c.name.padEnd(13)} 200 ${body.token_type} expires_in=${body.expires_in} scope=${JSON.stringify(body.scope)} (${body.access_token.length} chars)`);
  console.log(`    header ${JSON.stringify(header)}`);
  console.log(`    claims ${JSON.stringify(claims)}`);
}

// ---------------------------------------------------------------------------------------------
// CPU accounting (Linux /proc; figures are omitted elsewhere)

/** CPU seconds (user + system) of a process, and of its main (JavaScript) thread. */
function cpuSeconds(pid: number): { process: number; main: number } | undefined {
  try {
    return { process: cpuOfStat(`/proc/${pid}/stat`), main: cpuOfStat(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Load

interface Measured {
  name: ServerName;
  reqPerSec: number;
  p50: number;
  p99: number;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, { count: number }>;
  /** CPU ms per 2xx response: the whole server process, its JavaScript thread, and the load generator. */
  cpuPerReq?: { process: number; main: number; loader: number };
}

function load(url: string, connections: number, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: tokenBody,
    connections,
    pipelining: 1,
    duration,
    timeout: 10,
  });
}

async function warmUp(c: Child, o: Options): Promise<void> {
  const w = await load(c.tokenUrl, o.connections, o.warmup);
  const warmRate = w.requests.total / w.duration;
  console.log(`  ${c.name.padEnd(13)} warm-up ${o.warmup} s: ${warmRate.toFixed(0)} req/s (discarded)${w.non2xx || w.errors ? `  non-2xx ${w.non2xx}, errors ${w.errors}` : ''}`);
}

async function measure(c: Child, o: Options): Promise<Measured> {
  const before = cpuSeconds(c.process.pid!);
  const loaderBefore = process.cpuUsage();
  const r = await load(c.tokenUrl, o.connections, o.duration);
  const loaderCpu = process.cpuUsage(loaderBefore);
  const after = cpuSeconds(c.process.pid!);
  const m: Measured = {
    name: c.name,
    reqPerSec: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: r.statusCodeStats,
  };
  if (before && after && m.ok > 0) {
    m.cpuPerReq = {
      process: (1000 * (after.process - before.process)) / m.ok,
      main: (1000 * (after.main - before.main)) / m.ok,
      loader: (loaderCpu.user + loaderCpu.system) / 1000 / m.ok,
    };
  }
  const cores = (msPerReq: number) => ((msPerReq * m.ok) / 1000 / r.duration).toFixed(2);
  console.log(`  ${c.name.padEnd(13)} run ${r.duration} s: ${m.reqPerSec.toFixed(0)} req/s, ${m.ok} responses 2xx, ${m.non2xx} non-2xx, ${m.errors} errors`);
  if (m.cpuPerReq) {
    const u = m.cpuPerReq;
    console.log(`  ${''.padEnd(13)} CPU: server ${cores(u.process)} cores (JS thread ${cores(u.main)}), autocannon ${cores(u.loader)} cores`);
  }
  return m;
}

/** One line per server over its rounds: the medians of the rates and latencies, the sums of the counts. */
function combine(rs: Measured[]): Measured {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const sum = (f: (r: Measured) => number) => rs.reduce((acc, r) => acc + f(r), 0);
  const statusCodes: Record<string, { count: number }> = {};
  for (const r of rs) for (const [code, { count }] of Object.entries(r.statusCodes)) statusCodes[code] = { count: (statusCodes[code]?.count ?? 0) + count };
  const cpu = rs.every((r) => r.cpuPerReq) ? {
    process: median(rs.map((r) => r.cpuPerReq!.process)), main: median(rs.map((r) => r.cpuPerReq!.main)), loader: median(rs.map((r) => r.cpuPerReq!.loader)),
  } : undefined;
  return {
    name: rs[0].name, reqPerSec: median(rs.map((r) => r.reqPerSec)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)),
    total: sum((r) => r.total), ok: sum((r) => r.ok), non2xx: sum((r) => r.non2xx), errors: sum((r) => r.errors), timeouts: sum((r) => r.timeouts),
    statusCodes, cpuPerReq: cpu,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

const mark = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const o = options();
  const cpu = cpus();
  console.log('Latchkey token benchmark: client_credentials, RS256 2048-bit JWT access tokens');
  console.log(`  machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`  load: autocannon in this process, ${o.connections} connections, pipelining 1, warm-up ${o.warmup} s (discarded), run ${o.duration} s × ${o.rounds} round(s)`);
  console.log(`  note: the load generator shares the ${cpu.length} cores with the server under test (the same for both servers)`);

  // 1. Raw signing rate, before any server runs.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = typicalSigningInput();
  console.log(`\nRaw RS256 signing (node:crypto, 2048-bit key, ${data.length}-byte signing input, ${o.signSeconds} s each)`);
  const rawSigns = syncSignRate(privateKey, data, o.signSeconds);
  console.log(`  sync crypto.sign, one thread:           ${rawSigns.toFixed(0)} signs/s`);
  const poolSigns = await poolSignRate(privateKey, data, o.signSeconds, 16);
  console.log(`  async crypto.sign, libuv pool (${process.env.UV_THREADPOOL_SIZE ?? 4} threads): ${poolSigns.toFixed(0)} signs/s  (informative: every core signing, nothing else running)`);

  // 2. Servers.
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
  tempDir = dir;
  try {
    const names: ServerName[] = o.only ? [o.only] : ['latchkey', 'oidc-provider'];
    const profFlags = (name: ServerName) => {
      if (!o.cpuProf) return [];
      const d = join(o.cpuProf, name);
      mkdirSync(d, { recursive: true });
      return ['--cpu-prof', `--cpu-prof-dir=${d}`];
    };
    const started: Child[] = [];
    for (const name of names) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      if (name === 'latchkey') {
        const orgFile = join(dir, 'org.json');
        writeFileSync(orgFile, JSON.stringify(benchOrg(), null, 2));
        started.push(startChild(name, [
          'packages/server/src/cli/main.ts', 'serve', '--port', String(port), '--host', '127.0.0.1', '--base-url', base,
          '--database-url', `sqlite:${join(dir, 'latchkey.sqlite')}`, '--org-file', orgFile, '--no-seed', '--log-level', 'warn',
        ], `${base}/oauth2/default/v1/token`, profFlags(name)));
      } else {
        started.push(startChild(name, [join('bench', 'token', 'oidcProvider.ts'), String(port), CLIENT_ID, CLIENT_SECRET, SCOPE], `${base}/token`, profFlags(name)));
      }
    }
    await Promise.all(started.map((c) => waitUntilListening(c)));

    console.log('\nCheck: one token from each server');
    for (const c of started) await verify(c);

    console.log('\nLoad');
    const runs: Measured[] = [];
    const warm = new Set<Child>();
    for (let round = 0; round < o.rounds; round++) {
      if (o.rounds > 1) console.log(`  round ${round + 1} of ${o.rounds}`);
      // Taking turns (A B, B A, …) spreads slow drifts of the machine over both servers.
      for (const c of round % 2 === 0 ? started : [...started].reverse()) {
        if (!warm.has(c) && o.warmup > 0) await warmUp(c, o);
        warm.add(c);
        runs.push(await measure(c, o));
      }
    }
    const results = started.map((c) => combine(runs.filter((r) => r.name === c.name)));

    await Promise.all(started.map(stopChild));
    if (o.cpuProf) console.log(`\nCPU profiles written under ${o.cpuProf}/<server>/ (summarize: node --import tsx bench/token/profile.ts FILE)`);

    // 3. Report.
    const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
    const rounds = o.rounds > 1 ? `, median of ${o.rounds} rounds` : '';
    console.log(`\nResults (${o.connections} connections, ${o.duration} s runs after ${o.warmup} s warm-up${rounds}; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    console.log(table([
      ['server', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors', 'timeouts', 'CPU ms/req', 'JS-thread ms/req'],
      ...results.map((r) => [
        r.name, fmt(r.reqPerSec, 0), fmt(r.p50), fmt(r.p99), String(r.ok), String(r.non2xx), String(r.errors), String(r.timeouts),
        r.cpuPerReq ? fmt(r.cpuPerReq.process, 3) : 'n/a', r.cpuPerReq ? fmt(r.cpuPerReq.main, 3) : 'n/a',
      ]),
      ['raw RS256 sign (1 thread)', fmt(rawSigns, 0), '', '', '', '', '', '', fmt(1000 / rawSigns, 3), ''],
    ]));

    const lk = results.find((r) => r.name === 'latchkey');
    const op = results.find((r) => r.name === 'oidc-provider');
    console.log('');
    if (lk && op) {
      const ratio = lk.reqPerSec / op.reqPerSec;
      console.log(`  Latchkey / oidc-provider req/s:   ${ratio.toFixed(2)}   target >= ${RATIO_TARGET}   ${mark(ratio >= RATIO_TARGET)}`);
    }
    if (lk) {
      const share = lk.reqPerSec / rawSigns;
      console.log(`  Latchkey req/s / raw signs/s:     ${share.toFixed(2)}   target >= ${SIGN_TARGET}   ${mark(share >= SIGN_TARGET)}`);
    }
    if (op) console.log(`  (oidc-provider req/s / raw signs/s: ${(op.reqPerSec / rawSigns).toFixed(2)})`);

    const invalid = results.filter((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0);
    for (const r of invalid) {
      console.log(`\n  INVALID RUN: ${r.name} had ${r.non2xx} non-2xx responses, ${r.errors} errors, ${r.timeouts} timeouts; status codes ${JSON.stringify(r.statusCodes)}`);
    }
    return invalid.length ? 1 : 0;
  } finally {
    cleanUp();
  }
}

/** The Latchkey org: one service app and the `default` server allowing it client_credentials. */
function benchOrg() {
  return {
    version: 1,
    org: { name: 'Bench Org' },
    apps: [{ clientId: CLIENT_ID, label: 'Bench service', type: 'service', clientSecret: CLIENT_SECRET }],
    authorizationServers: [{
      id: 'default', name: 'default', audiences: [AUDIENCE],
      scopes: [{ name: SCOPE, default: true }],
      policies: [{
        name: 'Default Policy', priority: 1, clients: ['ALL_CLIENTS'],
        rules: [{ name: 'Machines', priority: 1, grantTypes: ['client_credentials'], scopes: [SCOPE] }],
      }],
    }],
  };
}

runBenchmark('bench:token', main, cleanUp);
