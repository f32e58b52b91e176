import { parseArgs } from 'node:util';
import { writeFile, readFile } from 'node:fs/promises';
import { loadConfig, ConfigError, type RawConfig } from '../config/config.js';
import { Store } from '../store/store.js';
import { MigrationError } from '../store/migrate.js';
import { OrgFileError, parseOrgFile } from '../org/orgFile/parse.js';
import { importOrg } from '../org/orgFile/import.js';
import { exportOrg, stringifyOrgDocument } from '../org/orgFile/export.js';
import { KeyService } from '../org/keys.js';
import { systemClock } from '../platform/clock.js';
import { ORG_SERVER_ID } from '../oauth/serverContext.js';
import { serve } from './serve.js';
import { printOutbox } from './outbox.js';

const USAGE = `Usage: latchkey <command> [options]

Commands:
  serve                     start the server (migrates, seeds a dev org on first start)
  migrate                   bring the database schema to the latest version
  org import FILE           import an org file (YAML or JSON), all or nothing
  org export [--out FILE]   write the org as an org file (stdout by default)
  keys rotate [--server ID] new signing key; the old one keeps verifying until retired
  keys retire [--server ID] stop publishing keys replaced by a rotation
  outbox [--to ADDRESS]     the latest emails kept in the outbox (no --smtp-url), newest first

Options (each also read from the environment variable shown):
  --port N             LATCHKEY_PORT          default 8080
  --host HOST          LATCHKEY_HOST          default localhost
  --base-url URL       LATCHKEY_BASE_URL      public URL, default http://localhost:PORT
  --data-dir DIR       LATCHKEY_DATA_DIR      default ./.latchkey (SQLite file lives here)
  --database-url URL   LATCHKEY_DATABASE_URL  postgres://… or sqlite:FILE
  --org-file FILE      LATCHKEY_ORG_FILE      import this org file at start
  --log-level LEVEL    LATCHKEY_LOG_LEVEL     fatal|error|warn|info|debug|trace|silent
  --seed / --no-seed   LATCHKEY_SEED          seed a dev org into an empty store (default on)
  --body-limit BYTES   LATCHKEY_BODY_LIMIT    largest request body, default 131072
  --dev-mode           LATCHKEY_DEV_MODE      development endpoints (GET /api/dev/outbox hands out codes); default off
  --trust-proxy        LATCHKEY_TRUST_PROXY   take client addresses from X-Forwarded-For (only behind a proxy)
  --smtp-url URL       LATCHKEY_SMTP_URL      smtp://user:pass@host:port or smtps://…; unset: email goes to the outbox
  --email-from ADDR    LATCHKEY_EMAIL_FROM    From of every email, default "Latchkey <noreply@localhost>"
  --server ID          authorization server for keys commands (default: the org server)
`;

class UsageError extends Error {}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, 'base-url': { type: 'string' }, 'data-dir': { type: 'string' },
        'database-url': { type: 'string' }, 'org-file': { type: 'string' }, 'log-level': { type: 'string' },
        seed: { type: 'boolean' }, 'no-seed': { type: 'boolean' }, 'body-limit': { type: 'string' }, 'dev-mode': { type: 'boolean' }, 'trust-proxy': { type: 'boolean' },
        'smtp-url': { type: 'string' }, 'email-from': { type: 'string' }, to: { type: 'string' },
        out: { type: 'string' }, server: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function withStore<T>(raw: RawConfig, work: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig(raw);
  const store = Store.open(config.databaseUrl);
  try {
    await store.migrate();
    return await work(store);
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values: v, positionals } = parse(argv);
  const [command, sub, arg] = positionals;
  if (v.help || !command || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const raw: RawConfig = {
    port: v.port, host: v.host, baseUrl: v['base-url'], dataDir: v['data-dir'], databaseUrl: v['database-url'],
    orgFile: v['org-file'], logLevel: v['log-level'], seed: v['no-seed'] ? false : v.seed, bodyLimit: v['body-limit'], devMode: v['dev-mode'], trustProxy: v['trust-proxy'],
    smtpUrl: v['smtp-url'], emailFrom: v['email-from'],
  };
  switch (command) {
    case 'serve':
      return serve(loadConfig(raw));
    case 'migrate': {
      const store = Store.open(loadConfig(raw).databaseUrl);
      try {
        const applied = await store.migrate();
        process.stderr.write(`latchkey: ${applied.length ? `applied ${applied.join(', ')}` : 'schema already at the latest version'}\n`);
      } finally {
        await store.close();
      }
      return;
    }
    case 'org':
      if (sub === 'import') {
        if (!arg) throw new UsageError('org import needs a FILE');
        const document = parseOrgFile(await readFile(arg, 'utf8'), arg);
        const summary = await withStore(raw, (store) => importOrg(store, document, systemClock.now()));
        process.stderr.write(`latchkey: imported ${arg}: ${JSON.stringify(summary)}\n`);
        return;
      }
      if (sub === 'export') {
        const text = await withStore(raw, async (store) => stringifyOrgDocument(await exportOrg(store)));
        if (v.out) await writeFile(v.out, text);
        else process.stdout.write(text);
        return;
      }
      throw new UsageError(`unknown org command ${JSON.stringify(sub ?? '')}: use import or export`);
    case 'keys': {
      const serverId = v.server ?? ORG_SERVER_ID;
      if (sub !== 'rotate' && sub !== 'retire') throw new UsageError(`unknown keys command ${JSON.stringify(sub ?? '')}: use rotate or retire`);
      await withStore(raw, async (store) => {
        if (serverId !== ORG_SERVER_ID && !(await store.authServers.find(serverId))) throw new UsageError(`no authorization server ${JSON.stringify(serverId)}`);
        const keys = new KeyService(store, systemClock);
        if (sub === 'rotate') process.stderr.write(`latchkey: ${serverId} now signs with key ${await keys.rotate(serverId)}\n`);
        else process.stderr.write(`latchkey: retired ${await keys.retirePrevious(serverId)} key(s) of ${serverId}\n`);
      });
      return;
    }
    case 'outbox': {
      const config = loadConfig(raw);
      return withStore(raw, (store) => printOutbox(store, config, v.to));
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

/** One clear line for the errors a user can fix; a stack trace only for our own bugs. */
function explain(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof UsageError) return `${e.message}\nRun "latchkey help" for usage.`;
  if (error instanceof ConfigError) return `invalid configuration: ${e.message}`;
  if (error instanceof OrgFileError || error instanceof MigrationError) return e.message;
  if (e.code === 'EADDRINUSE') return `the port is already in use (${e.message}); choose another with --port`;
  if (e.code === 'EACCES') return `permission denied: ${e.message}`;
  if (e.code === 'ENOENT') return `no such file: ${e.path ?? e.message}`;
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === '3D000' || e.code === '28P01') {
    return `cannot connect to the database: ${e.message}; check --database-url`;
  }
  if (e.code === 'SQLITE_CANTOPEN') return `cannot open the SQLite database: ${e.message}; check --data-dir`;
  return `unexpected error: ${e?.stack ?? String(error)}`;
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`latchkey: ${explain(error)}\n`);
  process.exit(error instanceof UsageError || error instanceof ConfigError ? 2 : 1);
});
