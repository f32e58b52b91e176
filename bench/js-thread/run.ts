/**
 * The JavaScript thread's CPU time per password sign-in and per token, of this build and, with
 * `--before DIR`, of another checkout (a `git worktree` of main), taking turns:
 *
 *   node --import tsx bench/js-thread/run.ts [--before /work/hc-base] [--logins 300] [--tokens 2000] [--rounds 3]
 *
 * Each build's server is its own process (its CLI, SQLite in a temporary folder); one sign-in (the
 * IDX flow of bench/idx-login) or one client_credentials token at a time, so the figure is the
 * work a request costs, not how it fares under contention. The server's main-thread CPU (user +
 * system, /proc) is read before and after N of them, after a warm-up. CPU time, unlike requests
 * per second, hardly moves when other programs share the cores: this is the figure to compare two
 * builds by on a busy machine. Linux only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hashPassword } from '../../packages/server/src/platform/passwordHashing.js';
import { benchOrg, call, expectJson, form, login, PASSWORD, userLogin } from '../idx-login/loginFlow.js';
import { freePort } from '../lib/freePort.js';
import { numberOption } from '../lib/numberOption.js';
import { runBenchmark } from '../lib/runBenchmark.js';
import { cpuOfStat } from '../lib/threadCpu.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVICE_ID = 'bench-svc';
const SERVICE_SECRET = 'bench-svc-secret-0123456789';
const SERVICE_SCOPE = 'read:messages';

const { values } = parseArgs({ options: { before: { type: 'string' }, logins: { type: 'string' }, tokens: { type: 'string' }, rounds: { type: 'string' } } });
const o = {
  before: values.before ? resolve(values.before) : undefined,
  logins: Math.round(numberOption(values.logins, 'BENCH_LOGINS', 300, 10)),
  tokens: Math.round(numberOption(values.tokens, 'BENCH_TOKENS', 2000, 10)),
  rounds: Math.round(numberOption(values.rounds, 'BENCH_ROUNDS', 3, 1)),
};
const warmLogins = Math.max(50, Math.round(o.logins / 3));
const warmTokens = Math.max(200, Math.round(o.tokens / 3));

/** benchOrg's SPA and users, and bench/token's service app allowed client_credentials. */
function org(passwordHash: string) {
  const base = benchOrg(warmLogins + o.logins + 1, passwordHash);
  const [server] = base.authorizationServers;
  return {
    ...base,
    apps: [...base.apps, { clientId: SERVICE_ID, label: 'Bench service', type: 'service', clientSecret: SERVICE_SECRET }],
    authorizationServers: [{
      ...server,
      scopes: [{ name: SERVICE_SCOPE }],
      policies: [{ ...server.policies[0], rules: [...server.policies[0].rules, { name: 'Machines', priority: 2, grantTypes: ['client_credentials'], scopes: [SERVICE_SCOPE] }] }],
    }],
  };
}

let running: ChildProcess | undefined;
const temp: string[] = [];
function cleanUp(): void {
  if (running && running.exitCode === null) running.kill('SIGKILL');
  for (const dir of temp.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Starts the build at `root` on a fresh SQLite store and waits until it answers. */
async function start(root: string, orgFile: string): Promise<{ base: string; pid: number; child: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-js-thread-'));
  temp.push(dir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli/main.ts', 'serve', '--port', String(port), '--host', '127.0.0.1',
    '--base-url', base, '--database-url', `sqlite:${join(dir, 'latchkey.sqlite')}`, '--org-file', orgFile, '--no-seed', '--log-level', 'warn', '--trust-proxy'],
  { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  running = child;
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => { output = (output + chunk.toString('utf8')).slice(-4000); });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server of ${root} exited during start:\n${output}`);
    try {
      if ((await call('GET', `${base}/oauth2/default/.well-known/openid-configuration`, {})).status === 200) return { base, pid: child.pid!, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server of ${root} did not start within 120 s`);
}

const basic = `Basic ${Buffer.from(`${SERVICE_ID}:${SERVICE_SECRET}`).toString('base64')}`;
async function token(base: string): Promise<void> {
  const body = expectJson('token', await call('POST', `${base}/oauth2/default/v1/token`, { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    form({ grant_type: 'client_credentials', scope: SERVICE_SCOPE })));
  if (typeof body.access_token !== 'string') throw new Error(`token: no access_token: ${JSON.stringify(body)}`);
}

/** Main-thread CPU ms per operation over `n` operations made one at a time. */
async function perOperation(pid: number, n: number, operation: (i: number) => Promise<unknown>): Promise<number> {
  const main = `/proc/${pid}/task/${pid}/stat`;
  const before = cpuOfStat(main);
  for (let i = 0; i < n; i++) await operation(i);
  return (1000 * (cpuOfStat(main) - before)) / n;
}

interface Figures { login: number; token: number }

async function measure(root: string, orgFile: string): Promise<Figures> {
  const { base, pid, child } = await start(root, orgFile);
  try {
    for (let i = 0; i < warmLogins; i++) await login(base, userLogin(o.logins + 1 + i));
    const loginMs = await perOperation(pid, o.logins, (i) => login(base, userLogin(i)));
    for (let i = 0; i < warmTokens; i++) await token(base);
    const tokenMs = await perOperation(pid, o.tokens, () => token(base));
    return { login: loginMs, token: tokenMs };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main(): Promise<number> {
  const builds = [...(o.before ? [{ name: 'before', root: o.before }] : []), { name: 'this', root: ROOT }];
  console.log(`JS-thread CPU per operation, one at a time: ${o.logins} IDX password sign-ins and ${o.tokens} client_credentials tokens per run, ${o.rounds} round(s); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const b of builds) console.log(`  ${b.name.padEnd(6)} ${b.root}`);
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-js-thread-org-'));
  temp.push(dir);
  const orgFile = join(dir, 'org.json');
  writeFileSync(orgFile, JSON.stringify(org(await hashPassword(PASSWORD))));
  const figures = new Map(builds.map((b) => [b.name, [] as Figures[]]));
  for (let round = 0; round < o.rounds; round++) {
    // Turns alternate (A B, B A, …) so a drift of the machine hits both builds alike.
    for (const b of round % 2 === 0 ? builds : [...builds].reverse()) {
      const f = await measure(b.root, orgFile);
      figures.get(b.name)!.push(f);
      console.log(`  round ${round + 1} ${b.name.padEnd(6)} sign-in ${f.login.toFixed(3)} ms  token ${f.token.toFixed(3)} ms`);
    }
  }
  console.log('\nMedians (JS-thread CPU ms per operation)');
  const med = new Map([...figures].map(([name, fs]) => [name, { login: median(fs.map((f) => f.login)), token: median(fs.map((f) => f.token)) }]));
  for (const [name, m] of med) console.log(`  ${name.padEnd(6)} sign-in ${m.login.toFixed(3)} ms  token ${m.token.toFixed(3)} ms`);
  if (o.before) {
    const before = med.get('before')!;
    const now = med.get('this')!;
    console.log(`\n  this ÷ before: sign-in ${(now.login / before.login).toFixed(2)}, token ${(now.token / before.token).toFixed(2)} (below 1: cheaper)`);
  }
  return 0;
}

runBenchmark('bench/js-thread', main, cleanUp);
