#!/usr/bin/env node
// Runs the whole suite with node's test runner: every *.test.ts under packages/*/test, files in
// parallel (each file starts its own server). Arguments narrow the run to paths containing them.
// Before the run it builds the widget bundle the server serves and makes sure Debian's Chromium is
// there for the browser tests (installing it with apt when running as root).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = ['packages', 'bench'].filter((d) => existsSync(join(root, d))).flatMap((d) => find(join(root, d)))
  .filter((f) => !f.startsWith('bench/') || f.includes('/test/'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed`);
    process.exit(1);
  }
}

function ensureChromium() {
  const path = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (process.getuid?.() !== 0) {
    console.error(`Chromium is needed for the browser tests: run \`sudo apt-get install -y chromium\` or set LATCHKEY_CHROMIUM`);
    process.exit(1);
  }
  console.log('installing Debian chromium for the browser tests');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium']);
  return path;
}

if (existsSync(join(root, 'packages/widget/build.mjs'))) run('npm', ['run', '--silent', 'build', '-w', '@latchkey/widget']);
const chromiumPath = files.some((f) => f.includes('/browser/')) ? ensureChromium() : undefined;

const concurrency = Number(process.env.TEST_CONCURRENCY ?? Math.max(2, availableParallelism()));
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LATCHKEY_LOG_LEVEL: process.env.LATCHKEY_LOG_LEVEL ?? 'silent', ...(chromiumPath ? { LATCHKEY_CHROMIUM: chromiumPath } : {}) },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
