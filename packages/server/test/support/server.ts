import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLatchkey, type Latchkey } from '../../src/app.js';
import { loadConfig, type RawConfig } from '../../src/config/config.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Logger } from '../../src/platform/logger.js';
import { postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from './databases.js';

/** A free loopback port: the base URL (issuer) must be known before the server is built. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface TestServer {
  url: string;
  lk: Latchkey;
  database: TestDatabase;
  stop(): Promise<void>;
}

/** Writes an org document to a temporary file (the way users hand one to `--org-file`). */
export function writeOrgFile(document: unknown): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-org-'));
  const path = join(dir, 'org.json');
  writeFileSync(path, JSON.stringify(document, null, 2));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * One Latchkey per test file, in-process, on a loopback port and its own database; `configOverrides` win over the test defaults.
 * Dev mode is on by default: tests read emails through the outbox endpoint.
 */
export async function startTestServer(options: {
  org: unknown; database?: TestDatabase; clock?: Clock; logger?: Logger; configOverrides?: RawConfig;
  /** The base URL's host (default 127.0.0.1): WebAuthn needs a domain name such as localhost, never an address. */
  hostname?: string;
}): Promise<TestServer> {
  const database = options.database ?? sqliteTestDatabase();
  const port = await freePort();
  const orgFile = writeOrgFile(options.org);
  const config = loadConfig({
    port: String(port), host: '127.0.0.1', baseUrl: `http://${options.hostname ?? '127.0.0.1'}:${port}`, databaseUrl: database.url,
    orgFile: orgFile.path, seed: false, devMode: true, logLevel: process.env.LATCHKEY_LOG_LEVEL ?? 'silent', ...options.configOverrides,
  }, {});
  const lk = await createLatchkey(config, { clock: options.clock, logger: options.logger });
  orgFile.remove();
  await lk.listen();
  return {
    url: config.baseUrl,
    lk,
    database,
    stop: async () => {
      await lk.close();
      await database.drop();
    },
  };
}

/**
 * Two Latchkey processes, in effect, serving one org from one database (PostgreSQL when it answers,
 * else one SQLite file), as behind a load balancer: for state every process must share.
 */
export async function startTestServerPair(options: Omit<Parameters<typeof startTestServer>[0], 'database'>): Promise<{ a: TestServer; b: TestServer; stop(): Promise<void> }> {
  const database = (await postgresTestDatabase()) ?? sqliteTestDatabase();
  const a = await startTestServer({ ...options, database });
  const b = await startTestServer({ ...options, database });
  return { a, b, stop: async () => { await b.lk.close(); await a.stop(); } };
}

/** A clock tests can move forward. */
export class TestClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}
