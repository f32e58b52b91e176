import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { startSpa, type RunningExample } from '../../../../examples/spa/server.js';
import { startWebApp } from '../../../../examples/web/server.js';
import { launchBrowser, screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { BrowserReport } from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { freePort, startTestServer, type TestServer } from '../support/server.js';
import { TEST, twoFactorOrg } from '../support/testOrg.js';
import { fillAndSubmit, widget, type Session } from './widgetHarness.js';

/**
 * The redirect flow in Chromium with the example apps (examples/spa with okta-auth-js,
 * examples/web with openid-client) against one Latchkey: the hosted sign-in page and its widget,
 * back to the app, single sign-on between the apps, and signing out of both.
 */

/** The SPA example runs twice: as a password-only app, and as `spa-app`, which twoFactorOrg's policy asks for the email too. */
const PASSWORD_SPA = 'spa-password';

let server: TestServer;
let browser: Browser;
let spa: RunningExample;
let twoFactorSpa: RunningExample;
let web: RunningExample;

const origin = (port: number) => `http://127.0.0.1:${port}`;

/** twoFactorOrg, with each example's origin trusted and its redirect and post-logout URIs on its app. */
function exampleOrg(origins: { spa: string; twoFactorSpa: string; web: string }) {
  const org = twoFactorOrg();
  const spaUris = (at: string) => ({ redirectUris: [`${at}/login/callback`], postLogoutRedirectUris: [at] });
  const registered: Record<string, { redirectUris: string[]; postLogoutRedirectUris: string[] }> = {
    [TEST.spa.clientId]: spaUris(origins.twoFactorSpa),
    [TEST.web.clientId]: { redirectUris: [`${origins.web}/callback`], postLogoutRedirectUris: [origins.web] },
  };
  return {
    ...org,
    apps: [
      ...org.apps.map((app) => ({ ...app, ...registered[app.clientId] })),
      { clientId: PASSWORD_SPA, label: 'Sample SPA', type: 'browser', grantTypes: ['authorization_code'], ...spaUris(origins.spa) },
    ],
    trustedOrigins: [
      ...org.trustedOrigins,
      ...Object.entries(origins).map(([name, at]) => ({ name: `Example ${name}`, origin: at, scopes: ['CORS', 'REDIRECT'] })),
    ],
  };
}

before(async () => {
  const ports = { spa: await freePort(), twoFactorSpa: await freePort(), web: await freePort() };
  server = await startTestServer({ org: exampleOrg({ spa: origin(ports.spa), twoFactorSpa: origin(ports.twoFactorSpa), web: origin(ports.web) }) });
  const issuer = `${server.url}/oauth2/default`;
  const host = '127.0.0.1';
  [spa, twoFactorSpa, web] = await Promise.all([
    startSpa({ issuer, clientId: PASSWORD_SPA, port: ports.spa, host }),
    startSpa({ issuer, clientId: TEST.spa.clientId, port: ports.twoFactorSpa, host }),
    startWebApp({ issuer, clientId: TEST.web.clientId, clientSecret: TEST.web.secret, port: ports.web, host }),
  ]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await Promise.all([spa?.close(), twoFactorSpa?.close(), web?.close()]);
  await server?.stop();
});

interface FlowSession extends Session {
  /** 4xx answers: none belongs in these flows (a missing file, a refused request). */
  clientErrors: string[];
  /** Each time Latchkey answered /v1/authorize with the sign-in page rather than a redirect. */
  signInPagesShown: number;
}

/** Runs `test` in a fresh browser context; then checks the browser saw no console error or warning, failed request, 4xx or 5xx. */
async function inFreshBrowser(test: (session: FlowSession) => Promise<void>): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const session: FlowSession = { page, report: new BrowserReport(page), warnings: [], clientErrors: [], signInPagesShown: 0 };
    page.on('console', (m) => {
      if (m.type() === 'warning') session.warnings.push(m.text());
      // Chromium's own requests (the page icon) show only here, not as responses.
      if (m.text().startsWith('Failed to load resource')) session.clientErrors.push(`${m.text()} (${m.location().url})`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && r.status() < 500) session.clientErrors.push(`${r.request().method()} ${r.url()} → ${r.status()}`);
      if (new URL(r.url()).pathname.endsWith('/v1/authorize') && r.status() === 200) session.signInPagesShown += 1;
    });
    await test(session);
    session.report.assertClean();
    assert.deepEqual(session.clientErrors, [], 'no 4xx answers');
    assert.deepEqual(session.warnings, [], 'no console warnings (the widget warns of options it dropped)');
  } finally {
    await context.close();
  }
}

/** The hosted page shows the widget's field `label`: screenshot it as hosted-<state> and check its accessibility. */
async function hostedState(session: FlowSession, label: string, state: string): Promise<void> {
  await widget(session.page).getByLabel(label, { exact: true }).waitFor();
  assert.equal(new URL(session.page.url()).origin, server.url, 'on Latchkey\'s hosted page');
  await screenshot(session.page, `hosted-${state}`);
  const violations = await seriousAccessibilityViolations(session.page);
  assert.deepEqual(violations, [], `axe found serious problems in hosted-${state}: ${JSON.stringify(violations, null, 2)}`);
}

/** Username and password on the hosted page (from its first form). */
async function passwordOnHostedPage(session: FlowSession, screenshots = false): Promise<void> {
  if (screenshots) await hostedState(session, 'Username', 'identify');
  await fillAndSubmit(session, { Username: TEST.user }, 'Next');
  if (screenshots) await hostedState(session, 'Password', 'password');
  await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
}

/** The example app's home page shows the signed-in user's name. */
async function showsUser(session: FlowSession, app: RunningExample): Promise<void> {
  await session.page.waitForURL(app.url);
  await session.page.locator('#user-name').getByText('Ada Lovelace', { exact: true }).waitFor();
}

/** Clicks the app's `button` to sign out: the app goes through Latchkey's /v1/logout, which sends the browser back to the app. */
async function signOutThroughLatchkey(session: FlowSession, app: RunningExample, button: Locator): Promise<void> {
  const [logout] = await Promise.all([
    session.page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/v1/logout')),
    button.click(),
  ]);
  assert.equal(logout.status(), 302);
  assert.equal(new URL(logout.headers().location).origin, new URL(app.url).origin, 'back to the app');
}

/** The SPA's ID token, as okta-auth-js keeps it in localStorage. */
async function spaIdTokenClaims(page: Page): Promise<Record<string, unknown>> {
  const stored = await page.evaluate(() => localStorage.getItem('okta-token-storage'));
  return JSON.parse(stored ?? '{}').idToken?.claims ?? {};
}

/** Takes what a test provoked on purpose out of one of the report's lists, answering it for the test to assert. */
function takeProvoked(reported: string[], pattern: RegExp): string[] {
  const provoked = reported.filter((e) => pattern.test(e));
  reported.splice(0, reported.length, ...reported.filter((e) => !pattern.test(e)));
  return provoked;
}

/** Signs in to the password-only SPA through the hosted page. */
async function signInToSpa(session: FlowSession, screenshots = false): Promise<void> {
  await session.page.goto(spa.url);
  const signIn = session.page.getByRole('button', { name: 'Sign in' });
  await signIn.waitFor();
  if (screenshots) await screenshot(session.page, 'spa-signed-out');
  await signIn.click();
  await passwordOnHostedPage(session, screenshots);
  await showsUser(session, spa);
}

describe('redirect flow in Chromium: the example apps sign in on the hosted page', () => {
  it('SPA (okta-auth-js): password on the hosted page, back in the SPA showing the user', () => inFreshBrowser(async (session) => {
    await signInToSpa(session, true);
    await screenshot(session.page, 'spa-signed-in');
    const claims = await spaIdTokenClaims(session.page);
    assert.equal(claims.email, TEST.user);
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal(session.signInPagesShown, 1);
  }));

  it('the hosted page runs only its own nonce\'d scripts, and no page can frame it', () => inFreshBrowser(async (session) => {
    const { page } = session;
    await page.goto(spa.url);
    const [signInPage] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/v1/authorize')),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const csp = signInPage.headers()['content-security-policy'];
    assert.match(csp, /(^|; )script-src 'nonce-[^' ]+'(;|$)/, 'scripts: only those with the nonce');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(signInPage.headers()['x-frame-options'], 'DENY');
    await widget(page).getByLabel('Username', { exact: true }).waitFor();
    session.report.assertClean(); // the page's own scripts and styles ran with no CSP violation

    await assert.rejects(page.addScriptTag({ content: 'window.injected = true' }), /Content Security Policy/);
    assert.equal(await page.evaluate(() => 'injected' in window), false, 'an inline script without the nonce did not run');
    assert.equal(takeProvoked(session.report.consoleErrors, /violates the following Content Security Policy directive 'script-src/).length, 1);

    await page.goto(spa.url);
    const refused = page.waitForEvent('console', (m) => /frame-ancestors 'none'/.test(m.text()));
    await page.evaluate((src) => document.body.append(Object.assign(document.createElement('iframe'), { src })), signInPage.url());
    await refused;
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.equal(await frame?.locator('#okta-login-container').count(), 0, 'the sign-in page did not render in the frame');
    assert.equal(takeProvoked(session.report.consoleErrors, /frame-ancestors 'none'/).length, 1);
    assert.equal(takeProvoked(session.report.failedRequests, /\/v1\/authorize\?.*net::ERR_BLOCKED_BY_RESPONSE$/).length, 1, 'the browser refused the framed page');
  }));

  it('silent renewal: signed in to the SPA, okta-auth-js getWithoutPrompt() gets new tokens through a hidden iframe (okta_post_message)', () => inFreshBrowser(async (session) => {
    const { page } = session;
    await signInToSpa(session);
    const before = await spaIdTokenClaims(page);
    const [authorize] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/login/token/redirect'),
      // The SPA's client (a top-level const of its app.js); a short timeout: a refused frame never posts its message.
      page.evaluate(`authClient.token.getWithoutPrompt({ timeout: 15000 }).then(({ tokens }) => authClient.tokenManager.setTokens(tokens))`),
    ]);
    assert.match(authorize.headers()['content-security-policy'], new RegExp(`frame-ancestors ${new URL(spa.url).origin}(;|$)`));
    const after = await spaIdTokenClaims(page);
    assert.equal(after.email, TEST.user);
    assert.notEqual(after.nonce, before.nonce, 'a new ID token, from the new request');
    assert.equal(session.signInPagesShown, 1, 'no sign-in page: the session answered in the frame');
  }));

  it('SPA under a two-factor policy: password, then the code from the email', () => inFreshBrowser(async (session) => {
    await session.page.goto(twoFactorSpa.url);
    await session.page.getByRole('button', { name: 'Sign in' }).click();
    await passwordOnHostedPage(session);
    await hostedState(session, 'Enter code', 'email-challenge');
    await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmailText(server.url, TEST.user)) }, 'Verify');
    await showsUser(session, twoFactorSpa);
    assert.deepEqual((await spaIdTokenClaims(session.page)).amr, ['pwd', 'email', 'mfa']);
  }));

  it('single sign-on: signed in to the SPA, the web app signs in without the page; signing out of both ends the session', () => inFreshBrowser(async (session) => {
    const { page } = session;
    await signInToSpa(session);

    await page.goto(web.url);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await showsUser(session, web);
    await screenshot(page, 'web-signed-in');
    assert.equal(session.signInPagesShown, 1, 'the web app signed in from the session: no second sign-in page');

    await page.goto(spa.url);
    await signOutThroughLatchkey(session, spa, page.getByRole('button', { name: 'Sign out' }));
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('okta-token-storage')), '{}', 'the SPA forgot its tokens');
    const cookies = await page.context().cookies(server.url);
    assert.deepEqual(cookies.filter((c) => c.name === 'idx'), [], 'Latchkey ended its session and removed the cookie');

    await page.goto(web.url);
    await signOutThroughLatchkey(session, web, page.getByRole('button', { name: 'Sign out' }));
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'web-signed-out');

    await page.getByRole('link', { name: 'Sign in' }).click();
    await widget(page).getByLabel('Username', { exact: true }).waitFor();
    assert.equal(session.signInPagesShown, 2, 'the session has ended: the sign-in page again');
  }));
});
