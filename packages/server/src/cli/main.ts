import { parseArgs } from 'node:util';
import { writeFile, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { prepareDataDir, loadConfig, ConfigError, type Config, type RawConfig } from '../config/config.js';
import { Store } from '../store/store.js';
import { DatabaseUrlError } from '../store/database.js';
import { MigrationError } from '../store/migrate.js';
import { OrgFileError, parseOrgFile } from '../org/orgFile/parse.js';
import { importOrg } from '../org/orgFile/import.js';
import { carriesSecrets } from '../org/orgFile/importEnrollments.js';
import { hooksCarrySecrets } from '../org/registrationSettings.js';
import { exportOrg, stringifyOrgDocument } from '../org/orgFile/export.js';
import { KeyService } from '../org/keys.js';
import { systemClock } from '../platform/clock.js';
import { createLogger } from '../platform/logger.js';
import { createEmailSender } from '../platform/delivery/createEmailSender.js';
import { LoggedSecurityEvents, type SecurityEventSink } from '../platform/securityEvents.js';
import { KeyEncryptionError } from '../platform/keyEncryption.js';
import { ServerSecrets } from '../platform/serverSecrets.js';
import { orgServerContext } from '../oauth/serverContext.js';
import { ORG_SERVER_ID } from '../org/orgAuthServer.js';
import { longestTokenLifetimeMs } from '../oauth/tokens/lifetimes.js';
import { serve } from './serve.js';
import { printOutbox } from './outbox.js';
import { describeExportedEnrollments, describeImport } from './importSummary.js';
import { upgradeScan } from './upgradeScan.js';
import { upgradeAppCommand, upgradeCheck, upgradeOrgCommand, upgradeRollbackCommand, upgradeStatus } from './upgradeCommands.js';
import { UpgradeRefusal } from '../upgrade/upgradeRefusal.js';
import { policyExplain } from './policyExplain.js';
import { resetPassword } from '../org/resetPassword.js';
import { sendResetLink } from '../org/recoveryTokens.js';
import { issueActivationToken } from '../org/activation.js';
import { createApiToken, DEFAULT_TOKEN_WINDOW, listApiTokens, revokeApiToken, tokenWindowMs, type ApiTokenSummary } from '../org/apiTokens.js';
import { SEEDED_ADMIN_LOGIN } from '../org/seed.js';
import { runVerify, VerifyUsageError } from './verify/verifyCommand.js';
import { DeviceApiError } from './verify/deviceClient.js';

const USAGE = `Usage: latchkey <command> [options]

Commands:
  serve                     start the server (migrates, seeds a dev org on first start)
  migrate                   bring the database schema to the latest version
  org import FILE [--json]  import an org file (YAML or JSON), all or nothing; prints what changed
  org export [--out FILE] [--include-secrets]
                            write the org as an org file (stdout by default); users'
                            authenticator enrollments leave without their secrets unless
                            --include-secrets (then in clear: keep the file like the key)
  keys rotate [--server ID] new signing key, published now, signing after --key-prepublish-seconds
  keys retire [--server ID] [--force]
                            stop publishing keys replaced by a rotation; refused while tokens
                            they signed may be unexpired (--force: retire anyway)
  outbox [--to ADDRESS]     the latest emails kept in the outbox (no --smtp-url), newest first
  upgrade scan PATH [--fix] [--json]
                            what an app's code (JS, TS, HTML) must change for the Identity
                            Engine, each with file:line, why and what instead; --fix applies
                            the safe rewrites. Exit code 1 while findings are left
  upgrade check [--json]    a Classic org's readiness: each Classic feature in use that the
                            Identity Engine drops or changes, whether it blocks, the remedy
  upgrade org [--dry-run] [--force] [--json]
                            Classic policies → Identity Engine policies (prints the diff);
                            refused while upgrade check finds a blocker (--force: anyway)
  upgrade rollback [--json] the Classic org back exactly as upgrade org found it
  upgrade app CLIENT_ID [--percent N] [--groups A,B] [--back] [--json]
                            move an app to the Identity Engine for a share of its users
                            (or back); run again to widen
  upgrade status [--json]   the org's and each app's engine, sign-ins per engine
  policy explain --user LOGIN --app CLIENT_ID [--ip ADDRESS]
                            which global session policy rule and app sign-in
                            policy rule a sign-in would meet, and why (the text
                            the server logs for each decision); ADDRESS defaults
                            to 127.0.0.1
  admin reset-password [--login LOGIN]
                            new one-time password for a user (default: the seeded admin),
                            printed once; ends the user's sessions
  admin reset-link [--login LOGIN]
                            email the user a link to choose a new password (single use,
                            expiring as their password policy says), and print it
  admin activation-token --login LOGIN
                            activation token of a STAGED or PROVISIONED user, printed once
                            (their older ones stop working; valid 7 days): the app starts
                            its sign-in with it (okta-auth-js activationToken)
  admin api-token create --name NAME [--token-window P30D] [--login LOGIN]
                            a management API token (Authorization: SSWS TOKEN), printed
                            once; only its hash is stored. It expires after the window
                            (ISO 8601, PT5M to P180D, default P30D) without use; --login:
                            the user it acts for (its userId)
  admin api-token list [--json]   the tokens: id, created, last use, expiry, window, name
  admin api-token revoke ID the token stops working at once
  verify …                  a Latchkey Verify device (push): latchkey verify --help

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
  --trusted-proxies LIST  LATCHKEY_TRUSTED_PROXIES  believe X-Forwarded-For only from these proxies
                       (comma-separated addresses or CIDR blocks; replaces --trust-proxy)
  --smtp-url URL       LATCHKEY_SMTP_URL      smtp://user:pass@host:port or smtps://…; unset: email goes to the outbox
  --email-from ADDR    LATCHKEY_EMAIL_FROM    From of every email, default "Latchkey <noreply@localhost>"
  --sms-account-sid SID  LATCHKEY_SMS_ACCOUNT_SID  with --sms-auth-token and --sms-from: phone codes go
  --sms-auth-token TOKEN LATCHKEY_SMS_AUTH_TOKEN   through a Twilio-compatible API; unset: to the outbox
  --sms-from NUMBER    LATCHKEY_SMS_FROM      the E.164 number texts and calls come from
  --sms-base-url URL   LATCHKEY_SMS_BASE_URL  the provider's API, default https://api.twilio.com
  --key-encryption-key KEY  LATCHKEY_KEY_ENCRYPTION_KEY  base64url 32 bytes sealing private keys and secrets
                       at rest; default: DATA_DIR/kek, made on first start. Processes sharing one
                       database need the same key.
  --key-prepublish-seconds N  LATCHKEY_KEY_PREPUBLISH_SECONDS  a rotated-in key is published this
                       long before it signs, default 600 (clients cache the JWKS for 300)
  --management-rate-limits LIST  LATCHKEY_MANAGEMENT_RATE_LIMITS  requests per window one API token may
                       make to each management endpoint group: GROUP=N,… (users, user, user-updates,
                       sessions, other; default 150 each, half of an Okta One App org's limit)
  --management-rate-limit-window SECONDS  LATCHKEY_MANAGEMENT_RATE_LIMIT_WINDOW  default 60 (Okta's minute)
  --server ID          authorization server for keys commands (default: the org server)
`;

class UsageError extends Error {}

/** `latchkey admin activation-token`: the token on stdout, what it is for on stderr. */
async function printActivationToken(raw: RawConfig, login: string | undefined): Promise<void> {
  if (!login) throw new UsageError('admin activation-token needs --login LOGIN');
  const token = await withStore(raw, (store) => issueActivationToken(store, login, systemClock.now()));
  if (token === undefined) throw new UsageError(`no user with login ${JSON.stringify(login)} awaits activation (STAGED or PROVISIONED)`);
  process.stdout.write(`${token}\n`);
  process.stderr.write(`latchkey: activation token for ${login} (shown once; only its hash is stored; valid 7 days)\n`);
}
/** `latchkey admin api-token create|list|revoke`: a new token on stdout once, what it is on stderr. */
async function apiTokenCommand(store: Store, options: { action?: string; id?: string; name?: string; tokenWindow?: string; login?: string; json: boolean }): Promise<void> {
  switch (options.action) {
    case 'create': {
      if (!options.name?.trim()) throw new UsageError('admin api-token create needs --name NAME');
      const tokenWindow = options.tokenWindow ?? DEFAULT_TOKEN_WINDOW;
      if (tokenWindowMs(tokenWindow) === undefined) throw new UsageError(`--token-window ${JSON.stringify(tokenWindow)} is not an ISO 8601 duration from PT5M to P180D (P30D, PT12H, …)`);
      const user = options.login === undefined ? undefined : await store.users.findByLogin(options.login);
      if (options.login !== undefined && !user) throw new UsageError(`no user with login ${JSON.stringify(options.login)}`);
      const { token, summary } = await createApiToken(store, options.name.trim(), systemClock.now(), { tokenWindow, userId: user?.id });
      process.stdout.write(`${token}\n`);
      process.stderr.write(`latchkey: API token ${summary.id} (${summary.name}); send it as "Authorization: SSWS <token>"; shown once, only its hash is stored; expires after ${tokenWindow} without use\n`);
      return;
    }
    case 'list': {
      const tokens = await listApiTokens(store);
      const now = systemClock.now();
      const iso = (at: number) => new Date(at).toISOString();
      const line = (t: ApiTokenSummary) => `${t.id}  created ${iso(t.createdAt)}  used ${iso(t.lastUsedAt)}  ${t.expiresAt > now ? 'expires' : 'EXPIRED'} ${iso(t.expiresAt)}  ${t.tokenWindow}  ${t.name}\n`;
      process.stdout.write(options.json ? `${JSON.stringify(tokens, null, 2)}\n` : tokens.map(line).join(''));
      return;
    }
    case 'revoke':
      if (!options.id) throw new UsageError('admin api-token revoke needs the token\'s ID (admin api-token list shows them)');
      if (!(await revokeApiToken(store, options.id))) throw new UsageError(`no API token with id ${JSON.stringify(options.id)}`);
      process.stderr.write(`latchkey: API token ${options.id} revoked\n`);
      return;
    default:
      throw new UsageError(`unknown admin api-token command ${JSON.stringify(options.action ?? '')}: use create, list or revoke`);
  }
}

/** The command would do harm now; it says when it would not. */
class Refusal extends Error {}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, 'base-url': { type: 'string' }, 'data-dir': { type: 'string' },
        'database-url': { type: 'string' }, 'org-file': { type: 'string' }, 'log-level': { type: 'string' },
        seed: { type: 'boolean' }, 'no-seed': { type: 'boolean' }, 'body-limit': { type: 'string' }, 'dev-mode': { type: 'boolean' }, 'trust-proxy': { type: 'boolean' },
        'trusted-proxies': { type: 'string' }, user: { type: 'string' }, app: { type: 'string' }, ip: { type: 'string' },
        'smtp-url': { type: 'string' }, 'email-from': { type: 'string' }, to: { type: 'string' },
        'sms-base-url': { type: 'string' }, 'sms-account-sid': { type: 'string' }, 'sms-auth-token': { type: 'string' }, 'sms-from': { type: 'string' },
        out: { type: 'string' }, server: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        'key-encryption-key': { type: 'string' }, 'key-prepublish-seconds': { type: 'string' },
        'management-rate-limits': { type: 'string' }, 'management-rate-limit-window': { type: 'string' },
        json: { type: 'boolean' }, login: { type: 'string' }, name: { type: 'string' }, 'token-window': { type: 'string' }, fix: { type: 'boolean' }, 'include-secrets': { type: 'boolean' },
        'dry-run': { type: 'boolean' }, percent: { type: 'string' }, groups: { type: 'string' }, back: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The configuration; Latchkey makes its own data folder, while a folder named in --database-url must exist. */
function configOf(raw: RawConfig): Config {
  const config = loadConfig(raw);
  prepareDataDir(config);
  return config;
}

/** A command's security events (suspensions by import, key rollovers) as JSON log lines on stderr: stdout is the command's own output. */
function cliEvents(raw: RawConfig): SecurityEventSink {
  return new LoggedSecurityEvents(createLogger(loadConfig(raw).logLevel, 2), systemClock);
}

async function withStore<T>(raw: RawConfig, work: (store: Store) => Promise<T>): Promise<T> {
  const config = configOf(raw);
  const store = Store.open(config.databaseUrl);
  try {
    await store.migrate();
    return await work(store);
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  // The device client has options of its own and needs no server configuration.
  if (argv[0] === 'verify') {
    process.stdout.write(await runVerify(argv.slice(1)));
    return;
  }
  const { values: v, positionals } = parse(argv);
  const [command, sub, arg] = positionals;
  if (v.help || !command || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const raw: RawConfig = {
    port: v.port, host: v.host, baseUrl: v['base-url'], dataDir: v['data-dir'], databaseUrl: v['database-url'],
    orgFile: v['org-file'], logLevel: v['log-level'], seed: v['no-seed'] ? false : v.seed, bodyLimit: v['body-limit'], devMode: v['dev-mode'], trustProxy: v['trust-proxy'],
    trustedProxies: v['trusted-proxies'], smtpUrl: v['smtp-url'], emailFrom: v['email-from'],
    smsBaseUrl: v['sms-base-url'], smsAccountSid: v['sms-account-sid'], smsAuthToken: v['sms-auth-token'], smsFrom: v['sms-from'],
    keyEncryptionKey: v['key-encryption-key'], keyPrepublishSeconds: v['key-prepublish-seconds'],
    managementRateLimits: v['management-rate-limits'], managementRateLimitWindowSeconds: v['management-rate-limit-window'],
  };
  switch (command) {
    case 'serve':
      return serve(configOf(raw));
    case 'migrate': {
      const store = Store.open(configOf(raw).databaseUrl);
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
        // Users it suspends lose their sessions and tokens: those security events are logged (on stderr).
        // The key-encryption key is read only when there are secrets (enrollments', inline hooks') to seal with it.
        const summary = await withStore(raw, async (store) => {
          const sealing = carriesSecrets(document.users) || hooksCarrySecrets(document.inlineHooks) ? (await ServerSecrets.open(store, loadConfig(raw))).encryption : undefined;
          return importOrg(store, document, systemClock.now(), cliEvents(raw), sealing);
        });
        process.stdout.write(v.json ? `${JSON.stringify(summary)}\n` : `imported ${arg}: ${describeImport(summary)}\n`);
        return;
      }
      if (sub === 'export') {
        const doc = await withStore(raw, async (store) => {
          const openSecrets = v['include-secrets'] ? (await ServerSecrets.open(store, loadConfig(raw))).encryption : undefined;
          return exportOrg(store, { openSecrets });
        });
        const text = stringifyOrgDocument(doc);
        // A file with secrets in clear must be written where only its owner reads it.
        if (v.out) await writeFile(v.out, text, { mode: v['include-secrets'] ? 0o600 : 0o644 });
        else process.stdout.write(text);
        process.stderr.write(`latchkey: ${describeExportedEnrollments(doc, v['include-secrets'] === true)}\n`);
        return;
      }
      throw new UsageError(`unknown org command ${JSON.stringify(sub ?? '')}: use import or export`);
    case 'keys': {
      const serverId = v.server ?? ORG_SERVER_ID;
      if (sub !== 'rotate' && sub !== 'retire') throw new UsageError(`unknown keys command ${JSON.stringify(sub ?? '')}: use rotate or retire`);
      const config = loadConfig(raw);
      await withStore(raw, async (store) => {
        const server = serverId === ORG_SERVER_ID ? orgServerContext(config.baseUrl).server : await store.authServers.find(serverId);
        if (!server) throw new UsageError(`no authorization server ${JSON.stringify(serverId)}`);
        const { encryption } = await ServerSecrets.open(store, config);
        const keys = new KeyService(store, systemClock, { encryption, events: cliEvents(raw), prepublishMs: config.keyPrepublishSeconds * 1000 });
        if (sub === 'rotate') {
          const { kid, signsFrom } = await keys.rotate(serverId);
          process.stderr.write(`latchkey: ${serverId} publishes key ${kid} now; it signs from ${new Date(signsFrom).toISOString()} on\n`);
          return;
        }
        const outcome = await keys.retirePrevious(serverId, longestTokenLifetimeMs(server), v.force);
        if ('refused' in outcome) {
          const { kid, safeAt } = outcome.refused;
          throw new Refusal(`key ${kid} of ${serverId} may have signed tokens that are still valid; it is safe to retire from ${new Date(safeAt).toISOString()} on (--force retires it now)`);
        }
        process.stderr.write(`latchkey: retired ${outcome.retired} key(s) of ${serverId}\n`);
      });
      return;
    }
    case 'outbox': {
      const config = configOf(raw);
      return withStore(raw, (store) => printOutbox(store, config, v.to));
    }
    case 'policy': {
      if (sub !== 'explain') throw new UsageError(`unknown policy command ${JSON.stringify(sub ?? '')}: use explain`);
      if (!v.user || !v.app) throw new UsageError('policy explain needs --user and --app');
      const ip = v.ip ?? '127.0.0.1';
      if (isIP(ip) === 0) throw new UsageError(`--ip must be an IP address, got ${JSON.stringify(ip)}`);
      const answer = await withStore(raw, (store) => policyExplain(store, { user: v.user!, app: v.app!, ip }));
      if ('unknown' in answer) throw new UsageError(answer.unknown === 'user' ? `no user ${JSON.stringify(v.user)}` : `no app with client id ${JSON.stringify(v.app)}`);
      process.stdout.write(`${answer.text}\n`);
      return;
    }
    case 'admin': {
      if (sub === 'activation-token') return printActivationToken(raw, v.login);
      if (sub === 'api-token') return withStore(raw, (store) => apiTokenCommand(store, { action: arg, id: positionals[3], name: v.name, tokenWindow: v['token-window'], login: v.login, json: v.json === true }));
      const login = v.login ?? SEEDED_ADMIN_LOGIN;
      if (sub === 'reset-link') {
        const config = configOf(raw);
        const link = await withStore(raw, async (store) => {
          const email = createEmailSender(config, store, createLogger(config.logLevel, 2));
          try {
            return await sendResetLink(store, systemClock, email, config.baseUrl, login);
          } finally {
            await email.close?.(); // lets an SMTP delivery finish before the command exits
          }
        });
        if (link === undefined) throw new UsageError(`no user with login ${JSON.stringify(login)}`);
        process.stdout.write(`${link}\n`);
        process.stderr.write(`latchkey: reset link for ${login} emailed to their address; it works once\n`);
        return;
      }
      if (sub !== 'reset-password') throw new UsageError(`unknown admin command ${JSON.stringify(sub ?? '')}: use reset-password, reset-link, activation-token or api-token`);
      const password = await withStore(raw, (store) => resetPassword(store, cliEvents(raw), login, systemClock.now()));
      if (password === undefined) throw new UsageError(`no user with login ${JSON.stringify(login)}`);
      process.stdout.write(`${password}\n`);
      process.stderr.write(`latchkey: new password for ${login} (shown once; only its hash is stored); their sessions have ended\n`);
      return;
    }
    case 'upgrade': {
      const print = (text: string) => process.stdout.write(text);
      switch (sub) {
        case 'scan':
          if (!arg) throw new UsageError('upgrade scan needs a PATH (a file or a folder of the app)');
          process.exitCode = await upgradeScan(arg, { fix: v.fix, json: v.json });
          return;
        case 'check':
          process.exitCode = await withStore(raw, (store) => upgradeCheck(store, v.json === true, print));
          return;
        case 'org':
          return withStore(raw, (store) => upgradeOrgCommand(store, { dryRun: v['dry-run'] === true, force: v.force === true, json: v.json === true }, print));
        case 'rollback':
          return withStore(raw, (store) => upgradeRollbackCommand(store, v.json === true, print));
        case 'app': {
          if (!arg) throw new UsageError('upgrade app needs a CLIENT_ID');
          return withStore(raw, (store) => upgradeAppCommand(store, arg, { percent: v.percent, groups: v.groups, back: v.back, json: v.json === true }, systemClock.now(), print));
        }
        case 'status':
          return withStore(raw, (store) => upgradeStatus(store, v.json === true, print));
        default:
          throw new UsageError(`unknown upgrade command ${JSON.stringify(sub ?? '')}: use scan, check, org, rollback, app or status`);
      }
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

/** One clear line for the errors a user can fix; a stack trace only for our own bugs. */
function explain(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof UsageError) return `${e.message}\nRun "latchkey help" for usage.`;
  if (error instanceof VerifyUsageError) return `${e.message}\nRun "latchkey verify --help" for usage.`;
  if (error instanceof DeviceApiError) return `the device API refused: ${e.message} (${error.code})`;
  if (error instanceof ConfigError) return `invalid configuration: ${e.message}`;
  if (error instanceof OrgFileError || error instanceof MigrationError || error instanceof KeyEncryptionError || error instanceof Refusal || error instanceof UpgradeRefusal || error instanceof DatabaseUrlError) return e.message;
  if (e.code === 'EADDRINUSE') return `the port is already in use (${e.message}); choose another with --port`;
  if (e.code === 'EACCES') return `permission denied: ${e.message}`;
  if (e.code === 'ENOENT') return `no such file: ${e.path ?? e.message}`;
  // 3D000: no such database; class 28: the role does not exist, or its password or pg_hba rule refuses it.
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === '3D000' || /^28...$/.test(e.code ?? '')) {
    return `cannot connect to the database: ${e.message}; check --database-url`;
  }
  // Only the database URL reaches a URL parser unchecked (pg's); the URL is not echoed, it may hold a password.
  if (e.code === 'ERR_INVALID_URL') return 'the database URL is not a valid URL (postgres://user:password@host:port/database); check --database-url';
  if (e.code === 'SQLITE_CANTOPEN') return `cannot open the SQLite database: ${e.message}; check --data-dir`;
  return `unexpected error: ${e?.stack ?? String(error)}`;
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`latchkey: ${explain(error)}\n`);
  process.exit(error instanceof UsageError || error instanceof ConfigError || error instanceof VerifyUsageError ? 2 : 1);
});
