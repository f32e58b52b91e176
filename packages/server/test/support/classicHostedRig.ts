import type { Browser, Page } from 'playwright-core';
import * as oidc from 'openid-client';
import { launchBrowser } from './browser.js';
import { startTestServer, type TestServer } from './server.js';
import { startTestPage, type TestPage } from './testPage.js';
import { CLASSIC_APP } from './classicHostedOrg.js';

/** What the hosted page's browser tests of a Classic org run against: the app's page, Latchkey, the app's OIDC client, one Chromium. */
export interface ClassicHostedRig {
  page: TestPage;
  server: TestServer;
  browser: Browser;
  /** The app (CLASSIC_APP) as openid-client sees the `default` authorization server. */
  config: oidc.Configuration;
  stop(): Promise<void>;
}

/** Starts the rig: the app's page (serving `directories`, as a CDN would) and Latchkey with the org `orgFile` makes for that page. */
export async function startClassicHostedRig(orgFile: (page: TestPage) => unknown, directories?: Record<string, string>): Promise<ClassicHostedRig> {
  const page = await startTestPage({ html: '<!doctype html><title>App</title>', ...(directories && { directories }) });
  const server = await startTestServer({ org: orgFile(page) });
  const config = await oidc.discovery(new URL(`${server.url}/oauth2/default`), CLASSIC_APP, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const browser = await launchBrowser();
  return {
    page, server, browser, config,
    stop: async () => {
      await browser.close();
      await Promise.all([page.stop(), server.stop()]);
    },
  };
}

/** The org's start page, once the browser got there: it shows who is signed in. `report`: what the browser saw, for the failure. */
export async function assertSignedInAtStart(rig: ClassicHostedRig, session: { page: Page; report: unknown }, login: string): Promise<void> {
  await session.page.waitForURL(`${rig.server.url}/`, { timeout: 10_000 }).catch((error: unknown) => {
    throw new Error(`the browser did not land on the start page (${session.page.url()})\n${session.report}`, { cause: error });
  });
  await session.page.getByText(login).first().waitFor();
}
