import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { authenticator } from 'otplib';
import { launchBrowser, screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { BrowserReport } from '../support/oktaWidget.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { fillAndSubmit, type Session } from './widgetHarness.js';

/**
 * The landing page's security methods in Chromium: sign in, add Google Authenticator through
 * prompt=enroll_authenticator (the hosted page's widget), name it, remove it.
 */
function org() {
  const base = testOrg();
  return {
    ...base,
    policies: [
      ...((base as { policies?: unknown[] }).policies ?? []),
      {
        type: 'MFA_ENROLL', name: 'TOTP optional', priority: 1, conditions: { people: { groups: { include: ['Engineering'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'google_otp', enroll: { self: 'OPTIONAL' } }] },
      },
    ],
  };
}

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startTestServer({ org: org() });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

it('signs in on the landing page, adds Google Authenticator with the shared secret, renames it, removes it', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const session: Session = { page, report: new BrowserReport(page), warnings: [] };
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await fillAndSubmit(session, { Username: TEST.user }, 'Next');
    await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
    // The first sign-in offers the optional authenticator: later, from the page.
    await fillAndSubmit(session, {}, 'Skip set up');
    await page.waitForURL(`${server.url}/`);
    const methods = page.locator('#security-methods');
    assert.deepEqual(await methods.locator('.kind').allTextContents(), ['Password', 'Email']);

    await page.getByRole('link', { name: 'Add Google Authenticator' }).click();
    await fillAndSubmit(session, { Username: TEST.user }, 'Next');
    // The widget shows the enrollment's shared secret; the test reads it from the answer the widget rendered.
    const enrolling = page.waitForResponse((r) => r.url().endsWith('/idp/idx/challenge/answer'));
    await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
    const state = await (await enrolling).json();
    assert.equal(state.intent, 'CREDENTIAL_ENROLLMENT');
    const secret: string = state.currentAuthenticator.value.contextualData.sharedSecret;
    await screenshot(page, 'security-methods-enroll-totp');
    await fillAndSubmit(session, { 'Enter code displayed from application': authenticator.generate(secret) }, 'Verify');
    await page.waitForURL(`${server.url}/`);
    const totp = methods.locator('li', { hasText: 'Google Authenticator' });
    await totp.waitFor();
    assert.match(await totp.locator('.dates').textContent() ?? '', /^Enrolled \d{4}-\d\d-\d\d, last used \d{4}-\d\d-\d\d$/);
    await screenshot(page, 'security-methods-listed');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);

    await totp.getByLabel('Nickname').fill('Pixel');
    await totp.getByRole('button', { name: 'Rename' }).click();
    await totp.locator('.nickname', { hasText: 'Pixel' }).waitFor();

    await totp.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('link', { name: 'Add Google Authenticator' }).waitFor();
    assert.deepEqual(await methods.locator('.kind').allTextContents(), ['Password', 'Email']);
    assert.match(await page.locator('#user-name').textContent() ?? '', /Ada Lovelace/, 'still signed in');
    session.report.assertClean();
  } finally {
    await context.close();
  }
});
