import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import SQLite from 'better-sqlite3';
import { calculateJwkThumbprint, decodeProtectedHeader, type JWK } from 'jose';
import { IdxStatus } from '@okta/okta-auth-js';
import * as m0001 from '../../src/store/migrations/0001_initial.js';
import * as m0002 from '../../src/store/migrations/0002_idx.js';
import * as m0003 from '../../src/store/migrations/0003_outbox.js';
import * as m0004 from '../../src/store/migrations/0004_rate_limits.js';
import * as m0005 from '../../src/store/migrations/0005_sessions.js';
import * as m0006 from '../../src/store/migrations/0006_email_verified.js';
import * as m0007 from '../../src/store/migrations/0007_token_retention.js';
import { Store } from '../../src/store/store.js';
import { loadConfig, prepareDataDir } from '../../src/config/config.js';
import { KeyEncryption, decodeKek } from '../../src/platform/keyEncryption.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { runCli } from '../support/process.js';
import { oktaAuth } from '../support/oktaAuth.js';
import { TEST, twoFactorOrg } from '../support/testOrg.js';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-at-rest-'));
const dataDir = join(dir, 'data');
const file = join(dataDir, 'latchkey.sqlite');
const url = `sqlite:${file}`;

/** What a store made before keys were sealed holds: a private JWK and the handle key in clear. */
const oldKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const oldPrivateJwk = oldKey.privateKey.export({ format: 'jwk' }) as JWK;
const oldHandleKey = 'b2xkLWhhbmRsZS1rZXktb2YtMzItYnl0ZXMtLS0tLS0';
let oldKid: string;

/** The schema as it was before this change (migrations up to 0007), with rows written the old way. */
async function makeOldStore(): Promise<void> {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(file) }) }); // eslint-disable-line @typescript-eslint/no-explicit-any
  const migrations: Record<string, Migration> = { '0001_initial': m0001, '0002_idx': m0002, '0003_outbox': m0003, '0004_rate_limits': m0004, '0005_sessions': m0005, '0006_email_verified': m0006, '0007_token_retention': m0007 };
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableName: 'latchkey_migrations', migrationLockTableName: 'latchkey_migration_lock' });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  const publicJwk = oldKey.publicKey.export({ format: 'jwk' }) as JWK;
  oldKid = await calculateJwkThumbprint(publicJwk);
  await db.insertInto('signing_keys').values({
    kid: oldKid, server_id: 'default', alg: 'RS256', status: 'active', created_at: Date.now() - 86_400_000, retired_at: null,
    public_jwk: JSON.stringify({ ...publicJwk, kid: oldKid, alg: 'RS256', use: 'sig' }), private_jwk: JSON.stringify(oldPrivateJwk),
  }).execute();
  await db.insertInto('settings').values({ key: 'idx.handleKey', value: oldHandleKey }).execute();
  await db.destroy();
}

let server: TestServer;
before(async () => {
  // The folder and file are made the way the server makes them; the old store is written into them.
  prepareDataDir(loadConfig({ dataDir }, {}));
  await Store.open(url).close();
  await makeOldStore();
  server = await startTestServer({
    org: twoFactorOrg(), database: { engine: 'sqlite', url, drop: async () => rmSync(dir, { recursive: true, force: true }) },
    configOverrides: { dataDir },
  });
});
after(() => server.stop());

const mode = (path: string) => statSync(path).mode & 0o777;
const kek = () => new KeyEncryption(decodeKek(readFileSync(join(dataDir, 'kek'), 'utf8').trim())!);

it('the data directory is 0700; the key-encryption key file and the SQLite files are 0600', () => {
  assert.equal(mode(dataDir).toString(8), '700');
  for (const path of [join(dataDir, 'kek'), file, `${file}-wal`, `${file}-shm`]) assert.equal(mode(path).toString(8), '600', path);
});

it('no private key or server secret is stored in clear; a store older than that is sealed on start and keeps working', async () => {
  const rows = await server.lk.store.db.selectFrom('signing_keys').select(['kid', 'private_jwk', 'signs_from']).execute();
  assert.ok(rows.length >= 2, 'the old key and the org server key');
  for (const row of rows) {
    assert.match(row.private_jwk, /^v1\.[A-Za-z0-9_-]+$/);
    assert.ok(!row.private_jwk.includes(oldPrivateJwk.d!.slice(0, 20)));
  }
  const old = rows.find((r) => r.kid === oldKid)!;
  assert.equal(JSON.parse(kek().open(old.private_jwk, `signing-key:${oldKid}`)).d, oldPrivateJwk.d);
  assert.ok(old.signs_from > 0, 'the migration says since when the old key signs');

  const r = await fetch(`${server.url}/oauth2/default/v1/token`, {
    method: 'POST', body: 'grant_type=client_credentials',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${TEST.service.clientId}:${TEST.service.secret}`).toString('base64')}` },
  });
  assert.equal(decodeProtectedHeader((await r.json()).access_token).kid, oldKid, 'the sealed old key still signs');

  const settings = Object.fromEntries((await server.lk.store.db.selectFrom('settings').selectAll().execute()).map((s) => [s.key, s.value]));
  for (const key of ['idx.handleKey', 'authenticators.codeKey', 'kek.check']) assert.match(settings[key], /^v1\./, key);
  assert.equal(kek().open(settings['idx.handleKey'], 'idx.handleKey'), oldHandleKey, 'the handle key is the same, only sealed');
});

it('an email code is stored as an HMAC under a server secret, not as the SHA-256 of six digits', async () => {
  const auth = oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
  const first = await auth.idx.authenticate({ username: TEST.user, password: TEST.password });
  assert.equal(first.nextStep?.authenticator?.key, 'okta_email');
  const { messages } = await (await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(TEST.user)}&limit=1`)).json();
  const code = /code is (\d{6})/.exec(messages[0].text)![1];
  const states = await server.lk.store.db.selectFrom('idx_transactions').select('state').execute();
  const stored = states.map((s) => JSON.parse(s.state).challenge?.data?.codeHash).filter(Boolean);
  assert.equal(stored.length, 1);
  assert.notEqual(stored[0], createHash('sha256').update(code).digest('base64url'));
  assert.notEqual(stored[0], createHash('sha256').update(code).digest('hex'));
  const done = await auth.idx.proceed({ verificationCode: code });
  assert.equal(done.status, IdxStatus.SUCCESS, 'the code still verifies');
});

it('a start with another key-encryption key stops with one clear line; the right one given explicitly works', async () => {
  const other = Buffer.alloc(32, 7).toString('base64url');
  const wrong = await runCli(['serve', '--database-url', url, '--data-dir', dataDir, '--port', '0', '--key-encryption-key', other]);
  assert.equal(wrong.code, 1);
  assert.equal(wrong.stderr.trim().split('\n').length, 1, wrong.stderr);
  assert.match(wrong.stderr, /^latchkey: the key-encryption key is not the one this store was encrypted with: give every process the same --key-encryption-key/);

  const malformed = await runCli(['keys', 'rotate', '--database-url', url, '--key-encryption-key', 'not-a-key']);
  assert.equal(malformed.code, 2);
  assert.match(malformed.stderr, /^latchkey: invalid configuration: --key-encryption-key \(LATCHKEY_KEY_ENCRYPTION_KEY\) must be 32 bytes in base64url/);
  assert.doesNotMatch(malformed.stderr, /not-a-key/, 'the key is not echoed');

  const right = readFileSync(join(dataDir, 'kek'), 'utf8').trim();
  const rotate = await runCli(['keys', 'rotate', '--server', 'default', '--database-url', url, '--data-dir', join(dir, 'elsewhere')], { LATCHKEY_KEY_ENCRYPTION_KEY: right });
  assert.equal(rotate.code, 0, rotate.stderr);
});
