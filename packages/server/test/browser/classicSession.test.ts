import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { inlineJson, scriptPage, startTestPage, type TestPage } from '../support/testPage.js';
import { TEST, testOrg } from '../support/testOrg.js';

/**
 * A Classic Engine app in Chromium: okta-auth-js signs in with /api/v1/authn, trades the
 * sessionToken for the session cookie (session.setCookieAndRedirect), then reads and ends the
 * session from its own origin (session.exists, session.get, closeSession).
 */
const authJsDist = join(dirname(createRequire(import.meta.url).resolve('@okta/okta-auth-js/package.json')), 'dist');

let server: TestServer;
let page: TestPage;
let browser: Browser;

before(async () => {
  page = await startTestPage({
    html: () => scriptPage({
      title: 'Classic app', scripts: ['/authjs/okta-auth-js.min.js'],
      bootScript: `window.authClient = new OktaAuth({ issuer: ${inlineJson(server.url)}, clientId: ${inlineJson(TEST.spa.clientId)}, redirectUri: ${inlineJson(page.callbackUrl)} });`,
    }),
    directories: { '/authjs/': authJsDist },
  });
  const org = testOrg();
  server = await startTestServer({ org: { ...org, trustedOrigins: [...org.trustedOrigins, { name: 'Classic app', origin: page.origin, scopes: ['CORS', 'REDIRECT'] }] } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await page?.stop();
  await server?.stop();
});

describe('Classic sessions in Chromium (okta-auth-js, cross-origin)', () => {
  it('signInWithCredentials, setCookieAndRedirect, then session.exists / get and closeSession', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    try {
      await tab.goto(page.url);
      assert.equal(await tab.evaluate(() => (window as any).authClient.session.exists()), false);

      await Promise.all([
        tab.waitForURL(page.callbackUrl + '*'),
        tab.evaluate(async ({ username, password, back }) => {
          const client = (window as any).authClient;
          const transaction = await client.signInWithCredentials({ username, password });
          client.session.setCookieAndRedirect(transaction.sessionToken, back);
        }, { username: TEST.user, password: TEST.password, back: `${page.callbackUrl}?signed-in` }),
      ]);
      assert.equal(new URL(tab.url()).search, '?signed-in');

      await tab.goto(page.url);
      assert.equal(await tab.evaluate(() => (window as any).authClient.session.exists()), true);
      const session = await tab.evaluate(() => (window as any).authClient.session.get());
      assert.equal(session.status, 'ACTIVE');
      assert.equal(session.login, TEST.user);
      await screenshot(tab, 'classic-session-signed-in');

      await tab.evaluate(() => (window as any).authClient.closeSession());
      assert.equal(await tab.evaluate(() => (window as any).authClient.session.exists()), false);
      const cookies = await context.cookies(server.url);
      assert.equal(cookies.find((c) => c.name === 'idx'), undefined, 'the session cookie is gone');
    } finally {
      await context.close();
    }
  });
});
