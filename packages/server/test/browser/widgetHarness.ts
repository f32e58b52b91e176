import assert from 'node:assert/strict';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { BrowserReport, withTrustedPage, type WidgetRig } from '../support/oktaWidget.js';
import { startTestServer } from '../support/server.js';
import { inlineJson, scriptPage, startTestPage, type TestPage } from '../support/testPage.js';
import { TEST } from '../support/testOrg.js';

/**
 * Latchkey's own widget (packages/widget, served by Latchkey at /widget/latchkey-widget.js)
 * embedded on an app's page at another origin, in Chromium: the harness the widget tests share.
 */

type Org = Parameters<typeof withTrustedPage>[0];

/** A small brand mark, so screenshots show the logo option at work. */
const LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="150" height="40" viewBox="0 0 150 40"><rect x="2" y="6" width="28" height="28" rx="8" fill="#5b3cc4"/>' +
  '<circle cx="16" cy="18" r="5" fill="#fff"/><rect x="14" y="21" width="4" height="9" rx="2" fill="#fff"/>' +
  '<text x="40" y="28" font-family="Helvetica, Arial, sans-serif" font-size="21" font-weight="700" fill="#1b1c20">Acme</text></svg>')}`;
export const BRAND = '#5b3cc4';

/**
 * The app's page: `startWidget(options)` makes the widget with the app's options (`appOptions`) plus `options`,
 * keeps what its events report on `window.widgetLog`, and what `showSignInToGetTokens()` (in Classic
 * mode `renderEl`) settles with on `window.widgetResult`.
 */
function pageHtml(latchkeyUrl: string, page: TestPage): string {
  const options = {
    baseUrl: latchkeyUrl, clientId: TEST.spa.clientId, redirectUri: page.callbackUrl, scopes: ['openid', 'profile', 'email'],
    logo: LOGO, brandName: 'Acme', colors: { brand: BRAND },
  };
  return scriptPage({
    title: 'Latchkey widget on an app page',
    scripts: [`${latchkeyUrl}/widget/latchkey-widget.js`],
    bootScript: `
      window.appOptions = ${inlineJson(options)};
      window.widgetLog = { renders: [], errors: [], ready: 0 };
      window.startWidget = (extra) => {
        const widget = new OktaSignIn({ ...appOptions, ...extra });
        widget.on('ready', () => { widgetLog.ready += 1; });
        widget.on('afterRender', (c) => widgetLog.renders.push(c));
        widget.on('afterError', (c, e) => widgetLog.errors.push({ formName: c.formName, errorSummary: e.errorSummary, status: e.xhr && e.xhr.status }));
        window.widget = widget;
        const settle = (result) => { window.widgetResult = result; };
        const fail = (error) => { window.widgetFailure = String(error && (error.message || error)); };
        // Classic mode settles with a sessionToken, as a Classic app reads it: through renderEl's callbacks.
        if (extra && extra.useClassicEngine) widget.renderEl({ el: '#app' }, settle, fail);
        else widget.showSignInToGetTokens({ el: '#app' }).then(settle, fail);
      };`,
  });
}

export type Rig = WidgetRig;

/** A response recorded from Okta's servers (a file of shared/reference), and what the widget must show for it. */
export interface RecordedState {
  file: string;
  /** Its HTTP status, when not 200. */
  status?: number;
  /** Texts (labels, buttons, messages) the state must show. */
  shows: string[];
  /** How many choice buttons, for a choice of authenticators or factors. */
  choices?: number;
}

/**
 * Answers the page's requests to `urls` (from any origin: a recording's own links) with a response
 * recorded from Okta's servers, in place of Latchkey's, as the app's origin may read it.
 */
export const answerWithRecording = (rig: Rig, page: Page, urls: RegExp, recording: { body: string; contentType: string; status?: number }) =>
  page.route(urls, (route) => route.fulfill({
    status: recording.status ?? 200, contentType: recording.contentType, body: recording.body,
    headers: { 'Access-Control-Allow-Origin': rig.page.origin, 'Access-Control-Allow-Credentials': 'true' },
  }));

/** Latchkey with `org` (the page trusted), the app's page, and one Chromium: one per test file. `hostname` of both (default 127.0.0.1). */
export async function startRig(org: Org, hostname?: string): Promise<Rig> {
  let latchkeyUrl = '';
  const page = await startTestPage({ html: () => pageHtml(latchkeyUrl, page), hostname });
  const server = await startTestServer({ org: withTrustedPage(org, page), hostname });
  latchkeyUrl = server.url;
  const browser = await launchBrowser();
  return {
    server, page, browser,
    stop: async () => {
      await browser.close();
      await Promise.all([page.stop(), server.stop()]);
    },
  };
}

export interface Session {
  page: Page;
  report: BrowserReport;
  /** console.warn lines the page printed. */
  warnings: string[];
}

export type RenderContext = { controller: string | null; formName: string; authenticatorKey?: string; methodType?: string };

export interface WidgetSetup {
  /** Options for the widget, over the app's. */
  options?: Record<string, unknown>;
  /** The browser context's options (viewport, locale). */
  context?: BrowserContextOptions;
  /** The state to wait for; `identify` by default. */
  firstForm?: string;
  /** Runs on the page before it loads (routes). */
  prepare?: (page: Page) => Promise<unknown>;
}

/**
 * Runs `test` in a fresh browser context (no cookies, no storage) on the app's page, the widget
 * started and showing its first state; then checks the browser saw no server errors or failed requests.
 */
export async function withWidget(rig: Rig, setup: WidgetSetup, test: (session: Session) => Promise<void>): Promise<void> {
  const context = await rig.browser.newContext(setup.context);
  try {
    const page = await context.newPage();
    const session: Session = { page, report: new BrowserReport(page), warnings: [] };
    page.on('console', (m) => m.type() === 'warning' && session.warnings.push(m.text()));
    await setup.prepare?.(page);
    await page.goto(rig.page.url);
    await page.evaluate((extra) => (window as any).startWidget(extra), setup.options ?? {});
    await waitForRender(session, setup.firstForm ?? 'identify');
    await test(session);
    session.report.assertClean();
  } finally {
    await context.close();
  }
}

const renders = (page: Page): Promise<RenderContext[]> => page.evaluate(() => (window as any).widgetLog.renders);

/** Waits for the widget's next render of `formName` (for `authenticatorKey` when given); answers its afterRender context. */
export async function waitForRender(session: Session, formName: string, authenticatorKey?: string, after = 0): Promise<RenderContext> {
  try {
    await session.page.waitForFunction(([name, key, seen]) => {
      const all = (window as any).widgetLog.renders as RenderContext[];
      const last = all[all.length - 1];
      return all.length > seen && last.formName === name && (key === undefined || last.authenticatorKey === key);
    }, [formName, authenticatorKey, after] as const, { timeout: 15_000 });
  } catch (error) {
    const seen = await session.page.evaluate(() => ({ log: (window as any).widgetLog, failure: (window as any).widgetFailure }));
    throw new Error(`the widget did not show ${formName}${authenticatorKey ? ` (${authenticatorKey})` : ''}: ${JSON.stringify(seen)}\n${session.report}`, { cause: error });
  }
  const all = await renders(session.page);
  return all[all.length - 1];
}

/** How many times the widget has rendered: pass it to waitForRender to wait for a new render of the same form. */
export const renderCount = async (session: Session): Promise<number> => (await renders(session.page)).length;

/** The widget's card. */
export const widget = (page: Page) => page.locator('.lk-widget');

/** Fills a field by its label and submits the form with its button. */
export async function fillAndSubmit(session: Session, fields: Record<string, string>, button: string | RegExp): Promise<void> {
  for (const [label, value] of Object.entries(fields)) await widget(session.page).getByLabel(label, { exact: true }).fill(value);
  await widget(session.page).getByRole('button', { name: button }).click();
}

/**
 * Screenshot of the widget's state (test-results/screenshots/widget-<state>.png) and the
 * accessibility check that every state passes: no serious or critical axe violation.
 */
export async function checkState(session: Session, state: string): Promise<void> {
  await screenshot(session.page, `widget-${state}`);
  const violations = await seriousAccessibilityViolations(session.page);
  assert.deepEqual(violations, [], `axe found serious problems in state ${state}: ${JSON.stringify(violations, null, 2)}`);
}

/** What `showSignInToGetTokens()` resolved with, once it has. */
export async function widgetResult<T = any>(session: Session): Promise<T> {
  try {
    await session.page.waitForFunction(() => 'widgetResult' in window || 'widgetFailure' in window, undefined, { timeout: 15_000 });
  } catch (error) {
    throw new Error(`the widget did not settle\n${session.report}`, { cause: error });
  }
  const { result, failure } = await session.page.evaluate(() => ({ result: (window as any).widgetResult, failure: (window as any).widgetFailure }));
  assert.equal(failure, undefined, `showSignInToGetTokens() rejected\n${session.report}`);
  return result;
}
