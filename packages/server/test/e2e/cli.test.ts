import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { IdxStatus } from '@okta/okta-auth-js';
import { runCli, startServerProcess, type ServerProcess } from '../support/process.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One line on stderr, no stack trace. */
function assertOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

/** The JSON log lines (security events) among a command's stderr lines. */
const jsonLines = (stderr: string): Array<Record<string, any>> => stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

describe('configuration errors stop the start with one clear line', () => {
  it('a port that is not a number', async () => {
    const r = await runCli(['serve', '--port', 'abc', '--data-dir', join(dir, 'a')]);
    assert.equal(r.code, 2);
    assertOneLine(r.stderr, /^latchkey: invalid configuration: --port \(LATCHKEY_PORT\) must be a whole number from 0 to 65535, got "abc"$/);
  });

  it('a base URL that is not http(s), given by environment variable', async () => {
    const r = await runCli(['serve', '--data-dir', join(dir, 'a')], { LATCHKEY_BASE_URL: 'ftp://example.com' });
    assert.equal(r.code, 2);
    assertOneLine(r.stderr, /--base-url \(LATCHKEY_BASE_URL\) must be an absolute http\(s\) URL/);
  });

  it('an unknown option', async () => {
    const r = await runCli(['serve', '--bogus']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^latchkey: Unknown option '--bogus'/);
  });

  it('an unreachable database', async () => {
    const r = await runCli(['migrate', '--database-url', 'postgres://postgres@127.0.0.1:1/none']);
    assert.equal(r.code, 1);
    assertOneLine(r.stderr, /^latchkey: cannot connect to the database: .*; check --database-url$/);
  });

  it('a PostgreSQL role that does not exist', async () => {
    const r = await runCli(['migrate', '--database-url', 'postgres://no_such_role@127.0.0.1:5432/test']);
    assert.equal(r.code, 1);
    assertOneLine(r.stderr, /^latchkey: cannot connect to the database: role "no_such_role" does not exist; check --database-url$/);
  });

  it('a sqlite: URL whose folder does not exist is refused, not created', async () => {
    const folder = join(dir, 'typo');
    const r = await runCli(['migrate', '--database-url', `sqlite:${join(folder, 'db.sqlite')}`]);
    assert.equal(r.code, 1);
    assertOneLine(r.stderr, /^latchkey: the folder of the SQLite database .*typo\/db\.sqlite does not exist; create it or check --database-url$/);
    assert.equal(existsSync(folder), false);
  });

  it('a database URL that is not a URL, or a sqlite: URL without a file', async () => {
    const bad = await runCli(['migrate', '--database-url', 'postgres://postgres:secret-pw@127.0.0.1:99999/test']);
    assert.equal(bad.code, 1);
    assertOneLine(bad.stderr, /^latchkey: the database URL is not a valid URL \(postgres:\/\/user:password@host:port\/database\); check --database-url$/);
    assert.doesNotMatch(bad.stderr, /secret-pw/);
    const empty = await runCli(['migrate', '--database-url', 'sqlite:']);
    assert.equal(empty.code, 1);
    assertOneLine(empty.stderr, /^latchkey: sqlite: needs a file/);
  });

  it('a bad org file names the file, line and path of each error and writes nothing', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nusers:\n  - login: not-an-email\n    password: x\napps:\n  - clientId: a\n    label: A\n    type: spaceship\n');
    const db = `sqlite:${join(dir, 'bad.sqlite')}`;
    const r = await runCli(['org', 'import', file, '--database-url', db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.yaml:3:\d+ users\[0\]\.login/);
    assert.match(r.stderr, /bad\.yaml:8:\d+ apps\[0\]\.type/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    const exported = await runCli(['org', 'export', '--database-url', db]);
    assert.doesNotMatch(exported.stdout, /not-an-email/);
  });
});

describe('migrate, org import/export and keys', () => {
  const db = `sqlite:${join(dir, 'cli.sqlite')}`;

  it('migrate applies the migrations once', async () => {
    const first = await runCli(['migrate', '--database-url', db]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /applied 0001_initial/);
    const second = await runCli(['migrate', '--database-url', db]);
    assert.match(second.stderr, /already at the latest version/);
  });

  it('imports the documented example org and exports it again', async () => {
    const example = new URL('../../../../docs/examples/org.example.yaml', import.meta.url);
    const r = await runCli(['org', 'import', example.pathname, '--database-url', db]);
    assert.equal(r.code, 0, r.stderr);
    const out = join(dir, 'export.yaml');
    const e = await runCli(['org', 'export', '--out', out, '--database-url', db]);
    assert.equal(e.code, 0, e.stderr);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /authorizationServers:/);
    assert.match(text, /clientSecretHash:/);
    // The export is itself a valid org file: importing it changes nothing.
    const again = await runCli(['org', 'import', out, '--database-url', db]);
    assert.equal(again.code, 0, again.stderr);
  });

  it('an import that suspends a user logs the ended sessions and tokens as security events on stderr', async () => {
    const file = join(dir, 'suspend.json');
    const org = (status: string) => ({ version: 1, users: [{ login: 'sam@example.com', status }] });
    writeFileSync(file, JSON.stringify(org('ACTIVE')));
    assert.equal((await runCli(['org', 'import', file, '--database-url', db])).code, 0);
    writeFileSync(file, JSON.stringify(org('SUSPENDED')));
    const r = await runCli(['org', 'import', file, '--database-url', db, '--log-level', 'info']);
    assert.equal(r.code, 0, r.stderr);
    const events = jsonLines(r.stderr).map((l) => l.securityEvent);
    assert.deepEqual(events.map((e) => e?.eventType), ['user.session.clear', 'app.oauth2.as.token.revoke']);
    assert.match(r.stdout, /^imported /); // stdout stays the command's own output
    assert.equal(events[0].target[0].alternateId, 'sam@example.com');
  });

  it('keys rotate says when the new key signs and records the rollover; retire refuses while old tokens may be valid, --force overrides', async () => {
    // The org server has no key yet (no server has started on this database): its first key signs at once.
    const first = await runCli(['keys', 'rotate', '--database-url', db]);
    assert.ok(Date.parse(/signs from (\S+) on/.exec(first.stderr)![1]) <= Date.now(), first.stderr);
    const before = Date.now();
    const rotate = await runCli(['keys', 'rotate', '--database-url', db, '--key-prepublish-seconds', '900'], { LATCHKEY_LOG_LEVEL: 'info' });
    assert.equal(rotate.code, 0, rotate.stderr);
    const [, kid, from] = /^latchkey: org publishes key (\S+) now; it signs from (\S+) on$/m.exec(rotate.stderr)!;
    assert.ok(Date.parse(from) >= before + 900_000 && Date.parse(from) <= Date.now() + 900_000, from);
    const [event] = jsonLines(rotate.stderr).map((l) => l.securityEvent);
    assert.equal(event.eventType, 'app.oauth2.as.key.rollover');
    assert.deepEqual(event.target, [{ id: 'org', type: 'AuthorizationServer' }, { id: kid, type: 'JsonWebKey' }]);

    // The replaced key signs for 15 more minutes; the org server's tokens live an hour after that.
    const refused = await runCli(['keys', 'retire', '--database-url', db]);
    assert.equal(refused.code, 1);
    const safeAt = Date.parse(/safe to retire from (\S+) on/.exec(refused.stderr)![1]);
    assert.ok(safeAt >= before + 900_000 + 3600_000 && safeAt <= Date.now() + 900_000 + 3600_000, refused.stderr);
    assertOneLine(refused.stderr, /^latchkey: key \S+ of org may have signed tokens that are still valid; it is safe to retire from \S+ on \(--force retires it now\)$/);

    const retire = await runCli(['keys', 'retire', '--force', '--database-url', db]);
    assert.equal(retire.code, 0, retire.stderr);
    assert.match(retire.stderr, /retired 1 key\(s\) of org/);
    const unknown = await runCli(['keys', 'rotate', '--server', 'nope', '--database-url', db]);
    assert.equal(unknown.code, 2);
  });
});

describe('serve on a fresh data directory', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess(['--data-dir', join(dir, 'fresh')]);
  });
  after(() => server.stop());

  it('seeds a dev org and prints its URLs and one-time secrets; the printed service credentials work', async () => {
    const banner = server.output().stderr;
    assert.match(banner, /org issuer: +http:\/\/127\.0\.0\.1:\d+/);
    assert.match(banner, /default issuer: +http:\/\/127\.0\.0\.1:\d+\/oauth2\/default/);
    assert.match(banner, /admin user: +admin@latchkey\.local/);
    const clientId = /sample service: +client_id (\S+)/.exec(banner)![1];
    const secret = /client_secret (\S+)/.exec(banner)![1];
    const r = await fetch(`${server.url}/oauth2/default/v1/token`, {
      method: 'POST', body: 'grant_type=client_credentials',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'x-request-id': 'req-cli-test-1' },
    });
    assert.equal(r.status, 200);
    const { access_token } = await r.json();
    assert.equal(r.headers.get('x-okta-request-id'), 'req-cli-test-1');

    // The child's log lines reach this process through a pipe: wait for the request's line (a busy machine delays it).
    for (let i = 0; i < 100 && !server.output().stdout.includes('req-cli-test-1'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const logs = server.output().stdout;
    const lines = logs.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.reqId === 'req-cli-test-1'), 'request lines carry the request id');
    assert.ok(!logs.includes(secret) && !logs.includes(access_token), 'no secrets in the logs');
    assert.ok(!logs.includes(Buffer.from(`${clientId}:${secret}`).toString('base64')));
  });

  it('keeps dev mode off without --dev-mode, even on an http base URL: no outbox endpoint, no dev-mode line', async () => {
    assert.doesNotMatch(server.output().stderr, /dev mode/);
    const r = await fetch(`${server.url}/api/dev/outbox`);
    assert.equal(r.status, 404);
    assert.equal((await r.json()).errorCode, 'E0000007');
  });

  it('answers health and readiness, and stops cleanly on SIGTERM', async () => {
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { status: 'ok' });
    assert.deepEqual(await (await fetch(`${server.url}/readyz`)).json(), { status: 'ready' });
    assert.equal(await server.stop('SIGTERM'), 0);
    assert.match(server.output().stdout, /shutting down/);
  });
});

describe('a first start that cannot listen seeds nothing; admin reset-password', () => {
  const dataDir = join(dir, 'busy');
  let server: ServerProcess;
  let banner: string;
  before(async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const failed = await runCli(['serve', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir]);
    await new Promise((resolve) => taken.close(resolve));
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /the port is already in use/);
    server = await startServerProcess(['--data-dir', dataDir]);
    banner = server.output().stderr;
  });
  after(() => server.stop());

  const signIn = (password: string, cookies = new CookieJar()) => oktaAuth({
    issuer: `${server.url}/oauth2/default`, clientId: /sample SPA: +client_id (\S+)/.exec(banner)![1],
    redirectUri: 'http://localhost:3000/login/callback', scopes: ['openid'], cookies,
  }).idx.authenticate({ username: 'admin@latchkey.local', password });

  it('the next start seeds the org and shows the admin password, which signs in', async () => {
    const password = /admin password: +(\S+)/.exec(banner)?.[1];
    assert.ok(password, `no admin password in:\n${banner}`);
    assert.equal((await signIn(password)).status, IdxStatus.SUCCESS);
  });

  it('reset-password prints a new password that signs in; the old one no longer does, and the sessions it opened end', async () => {
    const old = /admin password: +(\S+)/.exec(banner)![1];
    const browser = new CookieJar();
    assert.equal((await signIn(old, browser)).status, IdxStatus.SUCCESS);
    const r = await runCli(['admin', 'reset-password', '--data-dir', dataDir, '--log-level', 'info']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const fresh = lines[0];
    assert.ok(fresh.length >= 12 && fresh !== old);
    assert.match(r.stderr, /new password for admin@latchkey\.local/);
    assert.deepEqual(jsonLines(r.stderr).map((l) => l.securityEvent?.eventType), ['user.account.reset_password', 'user.session.clear']);

    assert.equal((await signIn(fresh)).status, IdxStatus.SUCCESS);
    const refused = await signIn(old);
    assert.notEqual(refused.status, IdxStatus.SUCCESS);
    assert.ok(refused.messages?.some((m) => m.i18n?.key === 'incorrectPassword'), JSON.stringify(refused.messages));
    const again = await oktaAuth({
      issuer: `${server.url}/oauth2/default`, clientId: /sample SPA: +client_id (\S+)/.exec(banner)![1],
      redirectUri: 'http://localhost:3000/login/callback', scopes: ['openid'], cookies: browser,
    }).idx.authenticate();
    assert.equal(again.nextStep?.name, 'identify', 'the session opened before the reset no longer signs in');
  });

  it('reset-password for an unknown login changes nothing and says so', async () => {
    const r = await runCli(['admin', 'reset-password', '--login', 'nobody@example.com', '--data-dir', dataDir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no user with login "nobody@example\.com"/);
    assert.equal(r.stdout, '');
  });

  it('reset-link prints (and emails) a link that opens the sign-in at the new password', async () => {
    const r = await runCli(['admin', 'reset-link', '--data-dir', dataDir, '--base-url', server.url]);
    assert.equal(r.code, 0, r.stderr);
    const link = r.stdout.trim();
    assert.match(link, new RegExp(`^${server.url}/signin/reset-password/\\S+$`));
    const outbox = await runCli(['outbox', '--data-dir', dataDir]);
    assert.ok(outbox.stdout.includes(link), 'the link went to the outbox');
    const landing = await fetch(link, { redirect: 'manual' });
    assert.equal(landing.status, 303);
    assert.equal((await fetch(new URL(landing.headers.get('location')!, server.url), { redirect: 'manual' })).status, 200, 'the hosted sign-in page');
  });
});

describe('serve and org import say what they imported; the banner names the servers that exist', () => {
  const org = {
    version: 1,
    groups: [{ name: 'Staff' }],
    users: [{ login: 'ann@example.com', profile: { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com' }, password: 'Correct-Horse-9', groups: ['Staff'] }],
    apps: [{ clientId: 'web', label: 'Web', type: 'browser', redirectUris: ['http://localhost:3000/cb'] }],
    authorizationServers: [{ id: 'payments', name: 'Payments', audiences: ['api://payments'], policies: [] }],
  };
  let server: ServerProcess;
  let orgFile: string;
  before(async () => {
    orgFile = join(dir, 'small-org.json');
    writeFileSync(orgFile, JSON.stringify(org));
    server = await startServerProcess(['--database-url', `sqlite:${join(dir, 'small.sqlite')}`, '--org-file', orgFile]);
  });
  after(() => server.stop());

  it('serve --org-file on an empty store prints one line of counts', () => {
    assert.match(server.output().stderr, /^latchkey: imported .*small-org\.json: 1 user \(1 created\), 1 group \(1 created\), 1 app \(1 created\), 1 authorization server \(1 created\), 0 policies, 0 trusted origins, 0 authenticator enrollments$/m);
  });

  it('the banner lists the org issuer and each custom server, and no default server that does not exist', async () => {
    const banner = server.output().stderr;
    assert.match(banner, new RegExp(`org issuer: +${server.url} `));
    assert.match(banner, new RegExp(`payments issuer: +${server.url}/oauth2/payments `));
    assert.doesNotMatch(banner, /oauth2\/default/);
    assert.equal((await fetch(`${server.url}/oauth2/payments/.well-known/openid-configuration`)).status, 200);
  });

  it('org import prints its summary in words on stdout, and JSON with --json', async () => {
    const db = `sqlite:${join(dir, 'summary.sqlite')}`;
    const words = await runCli(['org', 'import', orgFile, '--database-url', db]);
    assert.equal(words.code, 0, words.stderr);
    assert.match(words.stdout, /^imported .*small-org\.json: 1 user \(1 created\), 1 group \(1 created\), 1 app \(1 created\), 1 authorization server \(1 created\), 0 policies, 0 trusted origins, 0 authenticator enrollments\n$/);
    const json = await runCli(['org', 'import', orgFile, '--database-url', db, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const summary = JSON.parse(json.stdout);
    assert.deepEqual(summary.users, { created: 0, updated: 0, unchanged: 1 });
    assert.deepEqual(summary.authorizationServers, { created: 0, updated: 0, unchanged: 1 });
  });
});

describe('serve --dev-mode', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess(['--data-dir', join(dir, 'dev'), '--dev-mode']);
  });
  after(() => server.stop());

  it('says so in one line of the banner and opens the outbox endpoint', async () => {
    assert.equal(server.output().stderr.split('\n').filter((l) => /dev mode/.test(l)).length, 1);
    assert.match(server.output().stderr, /^ {2}dev mode: +on: http:\/\/127\.0\.0\.1:\d+\/api\/dev\/outbox hands out sign-in codes/m);
    assert.equal((await fetch(`${server.url}/api/dev/outbox`)).status, 200);
  });
});
