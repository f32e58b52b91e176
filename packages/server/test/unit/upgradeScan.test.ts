import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanPath, scanText } from '../../src/upgrade/scan/scan.js';
import { runCli } from '../support/process.js';

const FIXTURE = new URL('../fixtures/classic-app', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'latchkey-scan-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the Classic app to scan (and fix), with installed code beside it that must be left alone. */
function classicApp(name: string): string {
  const copy = join(dir, name);
  cpSync(FIXTURE, copy, { recursive: true });
  mkdirSync(join(copy, 'node_modules/lib'), { recursive: true });
  writeFileSync(join(copy, 'node_modules/lib/widget.js'), 'new OktaSignIn({ useClassicEngine: true });\n');
  return copy;
}

const where = (findings: Array<{ file: string; line: number; rule: string; what: string }>) => findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.what}`);

describe('upgrade scan finds what a Classic app must change', () => {
  it('each finding with file:line, why and what instead, in the app\'s files only', async () => {
    const report = await scanPath(classicApp('find'));
    assert.equal(report.files, 3);
    assert.deepEqual(report.unparsed, []);
    assert.deepEqual(where(report.findings), [
      'index.html:10 widget.useInteractionCodeFlow the widget configuration has no useInteractionCodeFlow',
      'index.html:14 widget.useClassicEngine useClassicEngine: true',
      'index.html:16 widget.droppedOption features.registration',
      'index.html:17 widget.droppedOption features.rememberMe',
      'index.html:19 widget.droppedOption idpDiscovery',
      'index.html:20 widget.processCreds processCreds',
      'index.html:25 widget.renderElSession renderEl success handler uses sessionToken or setCookieAndRedirect',
      'src/login.js:6 authjs.authn signInWithCredentials(…)',
      'src/login.js:8 authjs.setCookieAndRedirect session.setCookieAndRedirect(…)',
      'src/login.js:8 authjs.sessionToken sessionToken',
      'src/login.js:10 authjs.cancel transaction.cancel()',
      'src/login.js:14 authjs.authn forgotPassword(…)',
      'src/login.js:15 authjs.authn unlockAccount(…)',
      'src/login.js:16 authjs.authn verifyRecoveryToken(…)',
      'src/widget.ts:7 widget.useInteractionCodeFlow the widget configuration has no useInteractionCodeFlow',
      'src/widget.ts:11 widget.droppedOption features.selfServiceUnlock',
      'src/widget.ts:16 widget.renderElSession renderEl success handler uses sessionToken or setCookieAndRedirect',
    ]);
    for (const f of report.findings) {
      assert.ok(f.why.length > 20 && f.instead.length > 10, `${f.rule} explains itself`);
    }
    const registration = report.findings.find((f) => f.what === 'features.registration')!;
    assert.match(registration.instead, /profile enrollment policy/);
    // Columns point at the thing found, in the HTML file's own coordinates.
    const html = readFileSync(join(FIXTURE, 'index.html'), 'utf8').split('\n');
    const classic = report.findings.find((f) => f.rule === 'widget.useClassicEngine')!;
    assert.ok(html[classic.line - 1].slice(classic.column - 1).startsWith('useClassicEngine'));
  });

  it('--fix applies the safe rewrites, keeps the formatting, and leaves the rest as findings', async () => {
    const app = classicApp('fix');
    const report = await scanPath(app, { fix: true });
    assert.equal(report.fixed.length, 11);
    assert.deepEqual(where(report.findings).map((w) => w.replace(/:\d+ /, ' ')), [
      'index.html widget.droppedOption idpDiscovery',
      'index.html widget.processCreds processCreds',
      'index.html widget.renderElSession renderEl success handler uses sessionToken or setCookieAndRedirect',
      'src/login.js authjs.setCookieAndRedirect session.setCookieAndRedirect(…)',
      'src/login.js authjs.sessionToken sessionToken',
      'src/widget.ts widget.renderElSession renderEl success handler uses sessionToken or setCookieAndRedirect',
    ]);
    const login = readFileSync(join(app, 'src/login.js'), 'utf8');
    assert.match(login, /const transaction = await client\.idx\.authenticate\(\{ username, password \}\);/);
    assert.match(login, /await client\.idx\.cancel\(\);/);
    assert.match(login, /client\.idx\.recoverPassword\(\{ username, factorType: 'EMAIL' \}\)/);
    assert.match(login, /client\.idx\.unlockAccount\(/);
    assert.match(login, /client\.idx\.start\(\{ recoveryToken \}\)/);
    assert.match(login, /store\.unlockAccount\('x'\)/, 'a method of something else keeps its name');
    const html = readFileSync(join(app, 'index.html'), 'utf8');
    assert.match(html, /new OktaSignIn\(\{\n {6}useInteractionCodeFlow: true,\n {6}baseUrl:/);
    assert.doesNotMatch(html, /useClassicEngine|features|registration|rememberMe/);
    assert.match(html, /idpDiscovery: \{ requestContext: '\/home' \}/, 'an option holding the app\'s data is left to a person');
    const widget = readFileSync(join(app, 'src/widget.ts'), 'utf8');
    assert.doesNotMatch(widget, /selfServiceUnlock/);
    assert.match(widget, /useInteractionCodeFlow: true,\n {2}issuer:/);
    assert.equal(readFileSync(join(app, 'node_modules/lib/widget.js'), 'utf8'), 'new OktaSignIn({ useClassicEngine: true });\n');
    // The fixed code still parses, and a second run has nothing more to fix.
    const again = await scanPath(app, { fix: true });
    assert.equal(again.fixed.length, 0);
    assert.deepEqual(again.unparsed, []);
    assert.equal(again.findings.length, report.findings.length);
  });

  it('a features object keeps the flags that are still read', () => {
    const code = 'new OktaSignIn({ clientId: "a", redirectUri: "b", useInteractionCodeFlow: true, features: { registration: true, router: true } });';
    const { findings } = scanText('page.js', code);
    assert.deepEqual(findings.map((f) => f.what), ['features.registration']);
    const fixed = code.slice(0, findings[0].fix![0].start) + code.slice(findings[0].fix![0].end);
    assert.match(fixed, /features: \{ router: true \}/);
  });

  it('recoveryToken is kept: the Identity Engine widget begins the password reset with it, as the Classic one did', () => {
    const code = 'new OktaSignIn({ clientId: "a", redirectUri: "b", useInteractionCodeFlow: true, recoveryToken: token, features: { rememberMe: true } });';
    assert.deepEqual(scanText('page.js', code).findings.map((f) => f.what), ['features.rememberMe']);
  });

  it('a configuration in a variable, and a widget from window', () => {
    const code = 'const cfg = { clientId: "a", redirectUri: "b", useInteractionCodeFlow: true, processCreds() {} };\nconst w = new window.OktaSignIn(cfg);';
    assert.deepEqual(scanText('page.js', code).findings.map((f) => `${f.line} ${f.rule}`), ['1 widget.processCreds']);
  });

  it('a file that does not parse is reported, not guessed at', async () => {
    const app = join(dir, 'broken');
    mkdirSync(app);
    writeFileSync(join(app, 'bad.js'), 'function ( {{{ <<<');
    writeFileSync(join(app, 'good.js'), 'authClient.signInWithCredentials({ username, password });');
    const report = await scanPath(app);
    assert.deepEqual(report.unparsed, ['bad.js']);
    assert.deepEqual(report.findings.map((f) => f.file), ['good.js']);
  });
});

describe('latchkey upgrade scan (the command)', () => {
  it('prints the findings, exits 1 while some are left, and --json gives them whole', async () => {
    const app = classicApp('cli');
    const listed = await runCli(['upgrade', 'scan', app]);
    assert.equal(listed.code, 1, listed.stderr);
    assert.match(listed.stdout, /^src\/login\.js:6:\d+ {2}authjs\.authn {2}signInWithCredentials\(…\)\n {4}why: {5}.+\n {4}instead: idx\.authenticate/m);
    assert.match(listed.stdout, /3 files scanned: 17 findings \(11 with a safe fix: run again with --fix\)\n$/);
    const fixed = await runCli(['upgrade', 'scan', app, '--fix', '--json']);
    assert.equal(fixed.code, 1);
    const json = JSON.parse(fixed.stdout);
    assert.equal(json.fixed.length, 11);
    assert.equal(json.findings.length, 6);
    assert.equal(json.findings[0].fix, undefined, 'edits are not printed');
    const clean = join(dir, 'clean.js');
    writeFileSync(clean, 'export const x = 1;\n');
    const nothing = await runCli(['upgrade', 'scan', clean]);
    assert.equal(nothing.code, 0);
    assert.equal(nothing.stdout, '1 file scanned: 0 findings\n');
  });
});
