import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startServerProcess, type ServerProcess } from '../support/process.js';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One line on stderr, no stack trace. */
function assertOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

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

  it('keys rotate and retire', async () => {
    const rotate = await runCli(['keys', 'rotate', '--database-url', db]);
    assert.equal(rotate.code, 0, rotate.stderr);
    assert.match(rotate.stderr, /org now signs with key \S+/);
    const retire = await runCli(['keys', 'retire', '--database-url', db]);
    assert.match(retire.stderr, /retired \d key\(s\) of org/);
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
