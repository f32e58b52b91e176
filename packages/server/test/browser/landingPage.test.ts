import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { BrowserReport } from '../support/oktaWidget.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { fillAndSubmit, type Session } from './widgetHarness.js';

/** The org URL in Chromium: signed out, "Sign in" through the hosted page, back on the landing page, signed out again. */

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startTestServer({ org: testOrg() });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

it('signs in from the org URL and sees who is signed in and their apps; signs out again', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const session: Session = { page, report: new BrowserReport(page), warnings: [] };
    await page.goto(server.url);
    await screenshot(page, 'landing-signed-out');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);

    await page.getByRole('link', { name: 'Sign in' }).click();
    await fillAndSubmit(session, { Username: TEST.user }, 'Next');
    await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
    await page.waitForURL(`${server.url}/`);
    await page.locator('#user-name').getByText('Ada Lovelace', { exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'SPA' }).getAttribute('href'), new URL(TEST.redirectUri).origin);
    await screenshot(page, 'landing-signed-in');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    assert.equal(page.url(), `${server.url}/`);
    assert.deepEqual((await context.cookies()).filter((c) => c.name === 'idx'), []);
    session.report.assertClean();
  } finally {
    await context.close();
  }
});
