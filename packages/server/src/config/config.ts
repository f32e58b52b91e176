import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_PREPUBLISH_SECONDS } from '../org/keys.js';
import { decodeKek } from '../platform/keyEncryption.js';
import { gatewayValid } from '../policy/networkZones.js';
import { MAX_WINDOW_MS } from '../platform/rateLimiter.js';
import { isManagementEndpointGroup, MANAGEMENT_RATE_LIMIT_WINDOW_SECONDS, MANAGEMENT_RATE_LIMITS, type ManagementEndpointGroup } from './managementRateLimits.js';

/** Everything a Latchkey process needs to start, after validation. */
export interface Config {
  port: number;
  host: string;
  /** Public base URL without a trailing slash: the org issuer and the prefix of every URL we print. */
  baseUrl: string;
  dataDir: string;
  /** `sqlite:<file>` or `postgres://…` */
  databaseUrl: string;
  orgFile?: string;
  logLevel: string;
  /** Seed a development org when the store holds none. */
  seed: boolean;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Enables the development-only endpoints (outbox and the like); off unless asked for, whatever the base URL. */
  devMode: boolean;
  /** Believe X-Forwarded-For (behind a reverse proxy): client addresses decide network-zone rules and limits. */
  trustProxy: boolean;
  /**
   * Only these proxies (addresses or CIDR blocks) are believed: the client address is the last one in X-Forwarded-For
   * not among them, so a client cannot choose its own network zone by sending the header. Given, it replaces trustProxy.
   */
  trustedProxies?: string[];
  /** `smtp://user:pass@host:port` or `smtps://…`; without it email is kept in the outbox. */
  smtpUrl?: string;
  /** The From of every email: `Name <address>` or a bare address. */
  emailFrom: string;
  /** Base URL of the Twilio-compatible SMS and voice API. */
  smsBaseUrl: string;
  /** The provider account; with the token and the from-number set, codes go to phones through it, otherwise to the outbox. */
  smsAccountSid?: string;
  smsAuthToken?: string;
  /** The number (E.164) texts and calls come from. */
  smsFrom?: string;
  /** base64url 32 bytes sealing private keys and server secrets at rest; unset: `<dataDir>/kek`, made on first start. */
  keyEncryptionKey?: string;
  /** How long a rotated-in signing key is published before it signs. */
  keyPrepublishSeconds: number;
  /** Requests one API token may make to each management endpoint group in a window (config/managementRateLimits.ts). */
  managementRateLimits: Record<ManagementEndpointGroup, number>;
  /** The management API's rate-limit window (Okta's: a minute). */
  managementRateLimitWindowSeconds: number;
}

export class ConfigError extends Error {}

/** Raw settings as given by flags or environment, before validation. */
export type RawConfig = Partial<Record<keyof Config, string | boolean | undefined>>;

const ENV: Record<keyof Config, string> = {
  port: 'LATCHKEY_PORT',
  host: 'LATCHKEY_HOST',
  baseUrl: 'LATCHKEY_BASE_URL',
  dataDir: 'LATCHKEY_DATA_DIR',
  databaseUrl: 'LATCHKEY_DATABASE_URL',
  orgFile: 'LATCHKEY_ORG_FILE',
  logLevel: 'LATCHKEY_LOG_LEVEL',
  seed: 'LATCHKEY_SEED',
  bodyLimit: 'LATCHKEY_BODY_LIMIT',
  devMode: 'LATCHKEY_DEV_MODE',
  trustProxy: 'LATCHKEY_TRUST_PROXY',
  trustedProxies: 'LATCHKEY_TRUSTED_PROXIES',
  smtpUrl: 'LATCHKEY_SMTP_URL',
  emailFrom: 'LATCHKEY_EMAIL_FROM',
  smsBaseUrl: 'LATCHKEY_SMS_BASE_URL',
  smsAccountSid: 'LATCHKEY_SMS_ACCOUNT_SID',
  smsAuthToken: 'LATCHKEY_SMS_AUTH_TOKEN',
  smsFrom: 'LATCHKEY_SMS_FROM',
  keyEncryptionKey: 'LATCHKEY_KEY_ENCRYPTION_KEY',
  keyPrepublishSeconds: 'LATCHKEY_KEY_PREPUBLISH_SECONDS',
  managementRateLimits: 'LATCHKEY_MANAGEMENT_RATE_LIMITS',
  managementRateLimitWindowSeconds: 'LATCHKEY_MANAGEMENT_RATE_LIMIT_WINDOW',
};

const FLAG: Record<keyof Config, string> = {
  port: '--port', host: '--host', baseUrl: '--base-url', dataDir: '--data-dir', databaseUrl: '--database-url',
  orgFile: '--org-file', logLevel: '--log-level', seed: '--seed', bodyLimit: '--body-limit', devMode: '--dev-mode', trustProxy: '--trust-proxy',
  trustedProxies: '--trusted-proxies',
  smtpUrl: '--smtp-url', emailFrom: '--email-from',
  smsBaseUrl: '--sms-base-url', smsAccountSid: '--sms-account-sid', smsAuthToken: '--sms-auth-token', smsFrom: '--sms-from',
  keyEncryptionKey: '--key-encryption-key', keyPrepublishSeconds: '--key-prepublish-seconds',
  managementRateLimits: '--management-rate-limits', managementRateLimitWindowSeconds: '--management-rate-limit-window',
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function describe(key: keyof Config): string {
  return `${FLAG[key]} (${ENV[key]})`;
}

function fail(key: keyof Config, message: string, got: unknown): never {
  throw new ConfigError(`${describe(key)} ${message}, got ${JSON.stringify(got)}`);
}

function integer(key: keyof Config, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    fail(key, `must be a whole number from ${min} to ${max}`, value);
  }
  return Number(value);
}

function boolean(key: keyof Config, value: string | boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  return fail(key, 'must be true or false', value);
}

/** The URL without what precedes its last @ (user, password): config errors are printed and logged. */
const withoutCredentials = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]*:\/*)?.*@/i, '$1[credentials]@');

function smtpUrl(value: string): string {
  const u = URL.canParse(value) ? new URL(value) : undefined;
  if (!u || (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || !u.hostname) {
    fail('smtpUrl', 'must be an SMTP URL such as smtp://user:password@mail.example.com:587 or smtps://…:465', withoutCredentials(value));
  }
  return value;
}

/** `Name <local@domain>` or `local@domain`; the domain may be a bare host (localhost) for development. */
const FROM = /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

/** The SMS provider settings: the account, its token and the from-number all given, or none (the outbox). */
function smsSettings(str: (key: keyof Config) => string | undefined): Pick<Config, 'smsBaseUrl' | 'smsAccountSid' | 'smsAuthToken' | 'smsFrom'> {
  const smsBaseUrl = (str('smsBaseUrl') ?? 'https://api.twilio.com').replace(/\/+$/, '');
  if (!/^https?:$/.test(URL.canParse(smsBaseUrl) ? new URL(smsBaseUrl).protocol : '')) fail('smsBaseUrl', 'must be an http(s) URL such as https://api.twilio.com', withoutCredentials(smsBaseUrl));
  const account = { smsAccountSid: str('smsAccountSid'), smsAuthToken: str('smsAuthToken'), smsFrom: str('smsFrom') };
  const missing = (Object.keys(account) as Array<keyof typeof account>).find((k) => account[k] === undefined);
  if (missing && Object.values(account).some((v) => v !== undefined)) throw new ConfigError(`${describe(missing)} is needed with the other SMS provider settings`);
  if (account.smsFrom && !/^\+[1-9]\d{6,14}$/.test(account.smsFrom)) fail('smsFrom', 'must be a phone number in E.164 form such as +14155550100', account.smsFrom);
  return { smsBaseUrl, ...account };
}

/** A comma-separated list of proxy addresses or CIDR blocks. */
function proxyList(value: string): string[] {
  const list = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const bad = list.find((entry) => !gatewayValid('CIDR', entry));
  if (list.length === 0 || bad !== undefined) fail('trustedProxies', 'must be a comma-separated list of IP addresses or CIDR blocks', bad ?? value);
  return list;
}

/** `GROUP=N,…`: each named endpoint group's limit replaces its default; groups not named keep theirs. */
function managementRateLimits(value: string | undefined): Record<ManagementEndpointGroup, number> {
  const limits: Record<ManagementEndpointGroup, number> = { ...MANAGEMENT_RATE_LIMITS };
  for (const entry of value?.split(',') ?? []) {
    const [group, max, extra] = entry.split('=').map((s) => s.trim());
    if (!isManagementEndpointGroup(group) || extra !== undefined) {
      fail('managementRateLimits', `must be a comma-separated list of GROUP=N, GROUP one of ${Object.keys(MANAGEMENT_RATE_LIMITS).join(', ')}`, entry);
    }
    limits[group] = integer('managementRateLimits', max ?? '', 1, 1_000_000);
  }
  return limits;
}

/** The SQLite file Latchkey keeps in its data folder when no --database-url is given. */
export const defaultDatabaseUrl = (dataDir: string): string => `sqlite:${resolve(dataDir, 'latchkey.sqlite')}`;

/** Latchkey makes its own data folder (0700) for the default database; a folder named in --database-url must exist. */
export function prepareDataDir(config: Config): void {
  if (config.databaseUrl === defaultDatabaseUrl(config.dataDir)) mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
}

/** Flags win over environment variables, which win over defaults. Throws ConfigError with one line. */
export function loadConfig(flags: RawConfig, env: NodeJS.ProcessEnv = process.env): Config {
  const pick = (key: keyof Config): string | boolean | undefined => flags[key] ?? env[ENV[key]];
  const str = (key: keyof Config): string | undefined => {
    const v = pick(key);
    return v === undefined || v === '' ? undefined : String(v);
  };

  const port = integer('port', str('port') ?? '8080', 0, 65535);
  const host = str('host') ?? 'localhost';
  const baseUrlRaw = str('baseUrl') ?? `http://localhost:${port}`;
  let baseUrl: string;
  try {
    const u = new URL(baseUrlRaw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    if (u.search || u.hash) fail('baseUrl', 'must not carry a query or fragment', baseUrlRaw);
    baseUrl = u.toString().replace(/\/+$/, '');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    fail('baseUrl', 'must be an absolute http(s) URL such as https://login.example.com', baseUrlRaw);
  }
  const dataDir = resolve(str('dataDir') ?? '.latchkey');
  const databaseUrl = str('databaseUrl') ?? defaultDatabaseUrl(dataDir);
  if (!/^(postgres(ql)?:\/\/|sqlite:)/.test(databaseUrl)) {
    fail('databaseUrl', 'must start with postgres:// or sqlite:', databaseUrl);
  }
  const logLevel = str('logLevel') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) fail('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`, logLevel);
  const orgFile = str('orgFile');
  const seedRaw = pick('seed');
  const devRaw = pick('devMode');
  const smtpRaw = str('smtpUrl');
  const emailFrom = str('emailFrom') ?? 'Latchkey <noreply@localhost>';
  if (!FROM.test(emailFrom.trim())) fail('emailFrom', 'must be an email address such as "Latchkey <noreply@example.com>" or noreply@example.com', emailFrom);
  const keyEncryptionKey = str('keyEncryptionKey');
  // The key itself is never echoed back.
  if (keyEncryptionKey && !decodeKek(keyEncryptionKey)) throw new ConfigError(`${describe('keyEncryptionKey')} must be 32 bytes in base64url (43 characters)`);

  return {
    port,
    host,
    baseUrl,
    dataDir,
    databaseUrl,
    orgFile: orgFile ? resolve(orgFile) : undefined,
    logLevel,
    seed: seedRaw === undefined ? true : boolean('seed', seedRaw),
    bodyLimit: integer('bodyLimit', str('bodyLimit') ?? String(128 * 1024), 1024, 64 * 1024 * 1024),
    devMode: devRaw === undefined ? false : boolean('devMode', devRaw),
    smtpUrl: smtpRaw === undefined ? undefined : smtpUrl(smtpRaw),
    emailFrom: emailFrom.trim(),
    ...smsSettings(str),
    trustProxy: pick('trustProxy') === undefined ? false : boolean('trustProxy', pick('trustProxy')!),
    ...(str('trustedProxies') !== undefined && { trustedProxies: proxyList(str('trustedProxies')!) }),
    keyEncryptionKey,
    keyPrepublishSeconds: integer('keyPrepublishSeconds', str('keyPrepublishSeconds') ?? String(DEFAULT_PREPUBLISH_SECONDS), 0, 7 * 24 * 3600),
    managementRateLimits: managementRateLimits(str('managementRateLimits')),
    managementRateLimitWindowSeconds: integer('managementRateLimitWindowSeconds', str('managementRateLimitWindowSeconds') ?? String(MANAGEMENT_RATE_LIMIT_WINDOW_SECONDS), 1, MAX_WINDOW_MS / 1000),
  };
}
