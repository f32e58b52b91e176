import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { IdxStatus } from '@okta/okta-auth-js';
import { authenticator } from 'otplib';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, writeOrgFile, type TestServer } from '../support/server.js';
import { postgresTestDatabase, sqliteTestDatabase } from '../support/databases.js';
import { runCli } from '../support/process.js';
import { TEST, testOrg, passwordAndAnotherPolicy } from '../support/testOrg.js';
import { openEnrollmentSecret } from '../../src/authenticators/enrollmentSecrets.js';
import { KeyEncryption } from '../../src/platform/keyEncryption.js';

const LOGIN = 'tess@example.com';
const TWO_FACTOR_APP = 'spa-2fa';
const SECRET = authenticator.generateSecret(20);

/** An org whose person has google_otp enrolled already (the secret in the file), and an app that asks it after the password. */
function orgWithTotp() {
  const base = testOrg();
  return {
    ...base,
    users: [...base.users, { login: LOGIN, password: TEST.password, groups: ['Engineering'], emailVerified: false, authenticatorEnrollments: [{ key: 'google_otp', secret: SECRET }] }],
    apps: [...base.apps, { clientId: TWO_FACTOR_APP, label: TWO_FACTOR_APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] }],
    policies: [
      passwordAndAnotherPolicy([TWO_FACTOR_APP]),
      {
        type: 'MFA_ENROLL', name: 'TOTP', priority: 1, conditions: {},
        settings: { authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'google_otp', enroll: { self: 'REQUIRED' } }] },
      },
    ],
  };
}

/** Instance A: its own data directory (its own key-encryption key) and SQLite file, used through the CLI only. */
const dirA = mkdtempSync(join(tmpdir(), 'latchkey-a-'));
const cliA = (...args: string[]) => runCli([...args, '--data-dir', dirA, '--database-url', `sqlite:${join(dirA, 'a.sqlite')}`]);
const KEY_B = randomBytes(32).toString('base64url');
let exported: string;
let b: TestServer;

before(async () => {
  const file = writeOrgFile(orgWithTotp());
  const imported = await cliA('org', 'import', file.path);
  file.remove();
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /, 1 authenticator enrollment \(1 created\)\n$/);

  const out = join(dirA, 'export.yaml');
  const withSecrets = await cliA('org', 'export', '--include-secrets', '--out', out);
  assert.equal(withSecrets.code, 0, withSecrets.stderr);
  assert.match(withSecrets.stderr, /exported 1 authenticator enrollment with their secrets in clear/);
  assert.equal(statSync(out).mode & 0o777, 0o600, 'readable by its owner only');
  exported = readFileSync(out, 'utf8');

  // Instance B: another database (PostgreSQL when it answers) and another key-encryption key.
  const database = (await postgresTestDatabase()) ?? sqliteTestDatabase();
  b = await startTestServer({ org: parseYaml(exported), database, configOverrides: { keyEncryptionKey: KEY_B } });
});
after(async () => {
  await b?.stop();
  rmSync(dirA, { recursive: true, force: true });
});

describe('moving an org with its TOTP enrollments to another instance through the org file', () => {
  it('without --include-secrets the export leaves the secrets out and says so', async () => {
    const bare = await cliA('org', 'export');
    assert.equal(bare.code, 0, bare.stderr);
    assert.match(bare.stderr, /exported 1 authenticator enrollment without their secrets \(--include-secrets to include them/);
    const tess = (parseYaml(bare.stdout).users as Array<{ login: string; authenticatorEnrollments: Array<Record<string, unknown>> }>).find((u) => u.login === LOGIN)!;
    const [entry] = tess.authenticatorEnrollments;
    assert.deepEqual({ ...entry, id: typeof entry.id }, { key: 'google_otp', id: 'string', profile: {} }, 'no secret');
    assert.ok(!bare.stdout.includes(SECRET));
    assert.ok(exported.includes(`secret: ${SECRET}`), 'with the flag, in clear');
  });

  it('the second instance seals the secret under its own key; the person signs in there with a code from the same app, no re-enrolment (okta-auth-js)', async () => {
    const user = (await b.lk.store.users.findByLogin(LOGIN))!;
    const [row] = await b.lk.store.authenticatorEnrollments.listOf(user.id);
    assert.ok(row.sealedSecret && !row.sealedSecret.includes(SECRET));
    assert.equal(openEnrollmentSecret(new KeyEncryption(Buffer.from(KEY_B, 'base64url')), row.id, row.sealedSecret), SECRET);

    const auth = oktaAuth({ issuer: `${b.url}/oauth2/default`, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'], legacy: true });
    const challenged = await auth.idx.authenticate({ username: LOGIN, password: TEST.password });
    assert.equal(challenged.status, IdxStatus.PENDING, JSON.stringify(challenged.messages));
    assert.equal(challenged.nextStep?.name, 'challenge-authenticator', 'challenged, not enrolled again');
    assert.equal(challenged.nextStep?.authenticator?.key, 'google_otp');
    const done = await auth.idx.proceed({ verificationCode: authenticator.generate(SECRET) });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.ok(done.tokens?.idToken);
  });
});
