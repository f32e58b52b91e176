import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, writeOrgFile } from './server.js';
import { postgresTestDatabase, type TestDatabase } from './databases.js';

export const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
export const SERVER_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the `latchkey` CLI to completion; answers its exit code and output. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: SERVER_ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `latchkey serve` as its own process, resolved once it prints its banner. */
export async function startServerProcess(args: string[], env: Record<string, string> = {}, baseUrl?: string): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', '--base-url', baseUrl ?? url, ...args], {
    cwd: SERVER_ROOT, env: { ...process.env, LATCHKEY_LOG_LEVEL: 'info', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes('Latchkey is running')) resolve();
    });
    exited.then((code) => reject(new Error(`latchkey exited with ${code}: ${stderr}`)));
  });
  return {
    url, child,
    output: () => ({ stdout, stderr }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Two `latchkey serve` processes on one fresh PostgreSQL behind one public URL, as behind a load balancer. */
export interface ProcessPair {
  database: TestDatabase;
  a: ServerProcess;
  b: ServerProcess;
  stop(): Promise<void>;
}

/** Imports `org` with the CLI, then starts both processes; undefined (skip) when no PostgreSQL is reachable. */
export async function startProcessPair(org: unknown, publicUrl: string): Promise<ProcessPair | undefined> {
  const database = await postgresTestDatabase();
  if (!database) return undefined;
  const file = writeOrgFile(org);
  const imported = await runCli(['org', 'import', file.path, '--database-url', database.url]);
  file.remove();
  if (imported.code !== 0) throw new Error(`org import failed: ${imported.stderr}`);
  const args = ['--database-url', database.url, '--no-seed'];
  const [a, b] = await Promise.all([startServerProcess(args, {}, publicUrl), startServerProcess(args, {}, publicUrl)]);
  return {
    database, a, b,
    stop: async () => {
      await Promise.all([a.stop(), b.stop()]);
      await database.drop();
    },
  };
}
