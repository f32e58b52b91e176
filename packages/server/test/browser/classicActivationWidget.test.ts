/**
 * The emailed activation link of a Classic org in Chromium, with our widget on the default hosted
 * page: /welcome/{token} opens the page in Classic mode on the authn transaction the token began
 * (PASSWORD_RESET), the person sets their first password and lands signed in on the org's start
 * page, ACTIVE. The link works once: opened again, the page says it is no longer valid.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { BrowserReport } from '../support/oktaWidget.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { classicHostedOrg } from '../support/classicHostedOrg.js';
import { issueActivationToken } from '../../src/org/activation.js';
import { fillAndSubmit, type Session } from './widgetHarness.js';

const NEW_PASSWORD = 'Brand-New-Horse-7';
const INVITED = 'ivy@example.com';
const WITH_PASSWORD = 'paul@example.com';

let server: TestServer;
let browser: Browser;
before(async () => {
  const org = classicHostedOrg({
    redirectUri: 'http://127.0.0.1:1/callback', groups: [], policies: [],
    users: [
      { login: INVITED, status: 'PROVISIONED', profile: { firstName: 'Ivy', lastName: 'Invited', email: INVITED } },
      { login: WITH_PASSWORD, status: 'STAGED', password: 'Set-By-Admin-42', profile: { firstName: 'Paul', lastName: 'Staged', email: WITH_PASSWORD } },
    ],
  });
  server = await startTestServer({ org });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

it('the emailed /welcome link: the first password on the Classic page, then signed in on the start page; the link works once', async () => {
  const token = (await issueActivationToken(server.lk.store, INVITED, Date.now()))!;
  const link = `${server.url}/welcome/${encodeURIComponent(token)}`;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const session: Session = { page, report: new BrowserReport(page), warnings: [] };
    await page.goto(link);
    const config = await page.evaluate(() => (window as unknown as { OktaUtil: { getSignInWidgetConfig(): Record<string, unknown> } }).OktaUtil.getSignInWidgetConfig());
    assert.equal(config.useClassicEngine, true);
    assert.equal(typeof config.stateToken, 'string');
    assert.ok(!JSON.stringify(config).includes(token), "the activation token does not reach the page's script");
    await page.getByLabel('New password', { exact: true }).waitFor();
    await screenshot(page, 'classic-activation-password');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.waitForTimeout(250);
    await fillAndSubmit(session, { 'New password': NEW_PASSWORD, 'Repeat password': NEW_PASSWORD }, 'Reset Password');
    await page.waitForURL(`${server.url}/`);
    await page.locator('#user-login').getByText(INVITED, { exact: true }).waitFor();
    assert.equal((await server.lk.store.users.findByLogin(INVITED))?.status, 'ACTIVE');
    session.report.assertClean();

    const again = await context.newPage();
    const reopened = await again.goto(link);
    assert.equal(reopened?.status(), 403);
    await again.getByRole('alert').getByText('This account activation link is no longer valid.', { exact: false }).waitFor();
  } finally {
    await context.close();
  }
});

it('the link of a user who has a password: signed in on the start page at once (the token is the primary authentication), ACTIVE', async () => {
  const token = (await issueActivationToken(server.lk.store, WITH_PASSWORD, Date.now()))!;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const session: Session = { page, report: new BrowserReport(page), warnings: [] };
    await page.goto(`${server.url}/welcome/${encodeURIComponent(token)}`);
    await page.waitForURL(`${server.url}/`);
    await page.locator('#user-login').getByText(WITH_PASSWORD, { exact: true }).waitFor();
    assert.equal((await server.lk.store.users.findByLogin(WITH_PASSWORD))?.status, 'ACTIVE');
    session.report.assertClean();
  } finally {
    await context.close();
  }
});
