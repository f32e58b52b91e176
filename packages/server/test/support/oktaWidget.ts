import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.js';
import { startTestServer, type TestServer } from './server.js';
import { inlineJson, scriptPage, startTestPage, type TestPage } from './testPage.js';
import { TEST } from './testOrg.js';

/**
 * The real @okta/okta-signin-widget (v7, from npm) embedded on an app's page with the Interaction
 * Code flow, signing in against Latchkey in Chromium: the harness the okta widget browser tests share.
 * The helpers drive what both of its generations render (the same form names and `data-se` hooks).
 */

const require = createRequire(import.meta.url);
/** The package's `dist`: scripts, stylesheet, and the fonts and images the stylesheet names. */
const widgetDist = join(dirname(require.resolve('@okta/okta-signin-widget/package.json')), 'dist');
const WIDGET_PREFIX = '/okta-signin-widget/';

/** The package's two generations: the default bundle (Gen2) and Gen3 (`okta-sign-in.next.js`, what Okta's hosted page runs). */
export const BUNDLES = {
  gen2: { script: 'okta-sign-in.min.js', stylesheet: 'okta-sign-in.min.css', screenshotPrefix: 'okta-widget-' },
  gen3: { script: 'okta-sign-in.next.js', stylesheet: undefined, screenshotPrefix: 'okta-widget-gen3-' },
};
export type Bundle = (typeof BUNDLES)[keyof typeof BUNDLES];

/** An org document shaped like the test org; its users may be any (passwordless people have no password). */
type Org = Omit<ReturnType<typeof import('./testOrg.js').testOrg>, 'users'> & { users: unknown[] };

/** The org with the page trusted as the widget needs: its origin for CORS and REDIRECT, its callback a redirect URI of the SPA. */
export function withTrustedPage<T extends Org>(org: T, page: TestPage): T {
  return {
    ...org,
    trustedOrigins: [...org.trustedOrigins, { name: 'Widget test page', origin: page.origin, scopes: ['CORS', 'REDIRECT'] }],
    apps: org.apps.map((a) => (a.clientId === TEST.spa.clientId ? { ...a, redirectUris: [...(a.redirectUris ?? []), page.callbackUrl] } : a)),
  };
}

/**
 * The app's page: the widget as its README embeds it. Each render and error the widget reports is
 * kept on `window` (its public `afterRender`/`afterError` events), as are the tokens it resolves.
 */
function widgetPageHtml(latchkeyUrl: string, page: TestPage, bundle: Bundle): string {
  const config = {
    baseUrl: latchkeyUrl,
    issuer: `${latchkeyUrl}/oauth2/default`,
    clientId: TEST.spa.clientId,
    redirectUri: page.callbackUrl,
    useInteractionCodeFlow: true,
    // Gen2's default; Gen3 exchanges the interaction code itself only when it is said.
    authScheme: 'OAUTH2',
    authParams: { pkce: true, scopes: ['openid', 'profile', 'email'] },
    // Language packs and images from this page, not Okta's CDN (the test browser has no internet).
    assets: { baseUrl: `${page.origin}${WIDGET_PREFIX}` },
  };
  return scriptPage({
    title: 'Okta Sign-In Widget on Latchkey',
    stylesheets: bundle.stylesheet ? [`${WIDGET_PREFIX}css/${bundle.stylesheet}`] : [],
    scripts: [`${WIDGET_PREFIX}js/${bundle.script}`],
    bootScript: `
      window.widgetRenders = []; window.widgetErrors = [];
      const signIn = new OktaSignIn(${inlineJson(config)});
      signIn.on('afterRender', (c) => widgetRenders.push({ formName: c.formName, authenticatorKey: c.authenticatorKey }));
      signIn.on('afterError', (c, e) => widgetErrors.push({ formName: c.formName, errorSummary: e.errorSummary }));
      signIn.showSignInToGetTokens({ el: '#app' }).then(
        (tokens) => { window.widgetTokens = tokens; },
        (error) => { window.widgetFailure = String(error && (error.message || error)); });`,
  });
}

/**
 * The app's page with the widget in Classic mode (`useClassicEngine`: the Authentication API, no
 * OAuth), as a Classic app embeds it: `renderEl`'s success (its sessionToken) is kept on `window`, and
 * each render under its controller's name (Classic's afterRender names no form). A `recoveryToken` in
 * the page's query starts the widget at the emailed link's step, as Okta's own sign-in page does.
 * `features`: the widget's feature flags besides selfServiceUnlock (Classic offers WebAuthn only with `webauthn`).
 */
export const classicWidgetPage = (features: Record<string, boolean> = {}): AppPage => (latchkeyUrl, page) => {
  const config = { baseUrl: latchkeyUrl, useClassicEngine: true, features: { selfServiceUnlock: true, ...features }, assets: { baseUrl: `${page.origin}${WIDGET_PREFIX}` } };
  return scriptPage({
    title: 'Okta Sign-In Widget (Classic) on Latchkey',
    stylesheets: [`${WIDGET_PREFIX}css/${BUNDLES.gen2.stylesheet}`],
    scripts: [`${WIDGET_PREFIX}js/${BUNDLES.gen2.script}`],
    bootScript: `
      window.widgetRenders = []; window.widgetErrors = [];
      const query = new URLSearchParams(location.search);
      const signIn = new OktaSignIn({ ...${inlineJson(config)}, recoveryToken: query.get('recoveryToken') || undefined, relayState: query.get('relayState') || undefined });
      signIn.on('afterRender', (c) => widgetRenders.push({ formName: c.controller }));
      signIn.on('afterError', (c, e) => widgetErrors.push({ formName: c.controller, errorSummary: e.message }));
      signIn.renderEl({ el: '#app' },
        (res) => { window.widgetSuccess = { status: res.status, sessionToken: res.session && res.session.token, login: res.user && res.user.profile.login, relayState: res.relayState }; },
        (error) => { window.widgetFailure = String(error && (error.message || error)); });`,
  });
};

export const classicWidgetPageHtml = classicWidgetPage();

/** What the Classic widget's `renderEl` succeeded with: SUCCESS, its one-time sessionToken, who signed in, and the transaction's relayState. */
export interface ClassicWidgetSuccess {
  status: string;
  sessionToken?: string;
  login?: string;
  relayState?: string;
}

/** The Classic widget's success, once it has one. */
export async function classicWidgetSuccess(session: WidgetSession): Promise<ClassicWidgetSuccess> {
  try {
    await session.page.waitForFunction(() => 'widgetSuccess' in window || 'widgetFailure' in window, undefined, { timeout: 10_000 });
  } catch (error) {
    throw new Error(`the widget did not succeed: ${JSON.stringify(await widgetRenders(session))}\n${session.report}`, { cause: error });
  }
  const { success, failure } = await session.page.evaluate(() => ({ success: (window as unknown as { widgetSuccess?: ClassicWidgetSuccess }).widgetSuccess, failure: (window as unknown as WidgetWindow).widgetFailure }));
  assert.ok(success, `renderEl failed: ${failure}\n${session.report}`);
  return success;
}

/** Types the username and password on Classic's primary-auth form and signs in. */
export async function classicPrimaryAuth(session: WidgetSession, username: string, password: string): Promise<void> {
  await form(session.page).locator('input[name="username"]').fill(username);
  await form(session.page).locator('input[name="password"]').fill(password);
  await submitForm(session);
}

/** The Classic widget's sessionToken is a real one: traded once at /login/sessionCookieRedirect, it sets the session cookie. */
export async function assertSessionToken(rig: WidgetRig, sessionToken: string | undefined): Promise<void> {
  assert.ok(sessionToken);
  const r = await fetch(`${rig.server.url}/login/sessionCookieRedirect?token=${encodeURIComponent(sessionToken)}&redirectUrl=${encodeURIComponent(rig.page.url)}`, { redirect: 'manual' });
  assert.equal(r.status, 302);
  assert.match(r.headers.getSetCookie().join('\n'), /idx=/);
}

/** The Classic widget's "Forgot password?" by email for `username`, from primary-auth up to "email sent". */
export async function classicForgotPasswordByEmail(session: WidgetSession, username: string): Promise<void> {
  const { page } = session;
  await page.locator('[data-se="needhelp"]').click();
  await page.locator('[data-se="forgot-password"]').click();
  await waitForView(session, 'forgot-password');
  await form(page).locator('input[name="username"]').fill(username);
  await form(page).locator('[data-se="email-button"]').click();
  await waitForView(session, 'password-reset-email-sent');
}

/** The emailed link opened on the app's page (`recoveryToken`), the new password set: the Classic widget's success. */
export async function classicResetWithToken(session: WidgetSession, pageUrl: string, recoveryToken: string, newPassword: string): Promise<ClassicWidgetSuccess> {
  const { page } = session;
  await page.goto(`${pageUrl}?recoveryToken=${encodeURIComponent(recoveryToken)}`);
  await waitForView(session, 'password-reset');
  await form(page).locator('input[name="newPassword"]').fill(newPassword);
  await form(page).locator('input[name="confirmPassword"]').fill(newPassword);
  await submitForm(session);
  return classicWidgetSuccess(session);
}

/** Latchkey, an app's page trusted by it, and one Chromium (Latchkey's own widget tests share this shape). */
export interface WidgetRig {
  server: TestServer;
  page: TestPage;
  browser: Browser;
  stop(): Promise<void>;
}

export interface OktaWidgetRig extends WidgetRig {
  bundle: Bundle;
}

/** The app's page, given Latchkey's URL and the page itself (its origin, its callback). */
export type AppPage = (latchkeyUrl: string, page: TestPage) => string;

/**
 * Latchkey with `org` (the page trusted), the app's page with the widget's `bundle`, and one Chromium: one per test file. `hostname` of both
 * (default 127.0.0.1); `html`: an app's own page instead of the README's embedding.
 */
export async function startWidgetRig(org: Org, bundle: Bundle = BUNDLES.gen2, hostname?: string, html?: AppPage): Promise<OktaWidgetRig> {
  let latchkeyUrl = '';
  const render = () => (html ? html(latchkeyUrl, page) : widgetPageHtml(latchkeyUrl, page, bundle));
  const page = await startTestPage({ html: render, directories: { [WIDGET_PREFIX]: widgetDist }, hostname });
  const server = await startTestServer({ org: withTrustedPage(org, page), hostname });
  latchkeyUrl = server.url;
  const browser = await launchBrowser();
  return {
    server, page, browser, bundle,
    stop: async () => {
      await browser.close();
      await Promise.all([page.stop(), server.stop()]);
    },
  };
}

/** How Chromium logs a 4xx answer: the widget's error states (a wrong password) are such answers, not faults. */
const CLIENT_ERROR_ANSWER = /^Failed to load resource: the server responded with a status of 4\d\d /;

/**
 * What the browser reported while a test ran: console errors (the widget logs what it cannot
 * handle there), uncaught exceptions, requests that never got an answer, and 5xx answers.
 */
export class BrowserReport {
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];
  readonly failedRequests: string[] = [];
  readonly serverErrors: string[] = [];
  /** The API calls the page made, answered or not (for a failure's message: was a submit sent at all?). */
  readonly apiCalls: string[] = [];

  constructor(page: Page) {
    page.on('request', (r) => ['fetch', 'xhr'].includes(r.resourceType()) && this.apiCalls.push(`${r.method()} ${new URL(r.url()).pathname}`));
    page.on('console', (m) => m.type() === 'error' && !CLIENT_ERROR_ANSWER.test(m.text()) && this.consoleErrors.push(`${m.text()} (${m.location().url})`));
    page.on('pageerror', (e) => this.pageErrors.push(e.stack ?? e.message));
    page.on('requestfailed', (r) => {
      // A font or image the page was still loading when the test moved on is aborted by the navigation, not refused.
      if (r.failure()?.errorText === 'net::ERR_ABORTED' && ['font', 'image', 'stylesheet'].includes(r.resourceType())) return;
      this.failedRequests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
    });
    page.on('response', (r) => r.status() >= 500 && this.serverErrors.push(`${r.request().method()} ${r.url()} → ${r.status()}`));
  }

  toString(): string {
    return JSON.stringify({ consoleErrors: this.consoleErrors, pageErrors: this.pageErrors, failedRequests: this.failedRequests, serverErrors: this.serverErrors, apiCalls: this.apiCalls }, null, 2);
  }

  /** Nothing of the above happened. */
  assertClean(): void {
    const problems = this.consoleErrors.length + this.pageErrors.length + this.failedRequests.length + this.serverErrors.length;
    assert.equal(problems, 0, `the browser saw problems:\n${this}`);
  }
}

export interface WidgetSession {
  page: Page;
  report: BrowserReport;
  bundle: Bundle;
  /** When this session last submitted a form (ms): Gen2 drops a submit that comes too soon after the previous one. */
  lastSubmitAt: number;
}

/** What the app's page keeps on `window` for the tests (see `widgetPageHtml`). */
interface WidgetWindow {
  widgetRenders: { formName: string; authenticatorKey?: string }[];
  widgetErrors: { formName: string; errorSummary?: string }[];
  widgetTokens?: WidgetTokens;
  widgetFailure?: string;
}

/**
 * Runs `test` in a fresh browser context (no cookies, no storage) on the app's page, the widget
 * showing its first form (`firstView`, default identify); then checks the browser saw no problems.
 * With `fakeClock` the page's timers run on playwright's clock (`page.clock.fastForward`).
 */
export async function withWidget(rig: OktaWidgetRig, test: (session: WidgetSession) => Promise<void>, options: { fakeClock?: boolean; firstView?: string } = {}): Promise<void> {
  const context = await rig.browser.newContext();
  try {
    const page = await context.newPage();
    const session = { page, report: new BrowserReport(page), bundle: rig.bundle, lastSubmitAt: 0 };
    if (options.fakeClock) await page.clock.install();
    await page.goto(rig.page.url);
    await waitForView(session, options.firstView ?? 'identify');
    await test(session);
    session.report.assertClean();
  } finally {
    await context.close();
  }
}

/** The forms the widget has rendered on the current page, in order. */
export const widgetRenders = (session: WidgetSession) => session.page.evaluate(() => (window as unknown as WidgetWindow).widgetRenders);

/**
 * Waits until the widget's latest render is `formName` (for `authenticatorKey` when given); fails
 * with what the widget and the browser reported if it shows something else or gives up.
 */
export async function waitForView(session: WidgetSession, formName: string, authenticatorKey?: string): Promise<void> {
  const shown = () => session.page.evaluate(([name, key]) => {
    const w = window as unknown as Partial<WidgetWindow>;
    const last = w.widgetRenders?.at(-1);
    const matches = last?.formName === name && (key === undefined || last.authenticatorKey === key);
    return { matches, renders: w.widgetRenders, errors: w.widgetErrors, failure: w.widgetFailure };
  }, [formName, authenticatorKey] as const);
  const deadline = Date.now() + 10_000;
  let seen = await shown();
  while (!seen.matches && seen.failure === undefined && Date.now() < deadline) {
    await session.page.waitForTimeout(50);
    seen = await shown();
  }
  if (!seen.matches) {
    const { renders, errors, failure } = seen;
    throw new Error(`the widget did not show ${formName}${authenticatorKey ? ` (${authenticatorKey})` : ''}: ${JSON.stringify({ renders, errors, failure })}\n${session.report}`);
  }
  await waitForAutofocus(session);
}

/**
 * The widget moves the focus to the form's first field a moment after it shows the form (Courage's
 * autofocus, debounced by 50 ms, later under load): a test typing before that lost its text to the
 * first field. Waits, as a user's eyes would, until the cursor is in the form; forms with no field to type in have none.
 */
async function waitForAutofocus(session: WidgetSession): Promise<void> {
  await session.page.waitForFunction(() => {
    const shown = document.querySelector('#app form[data-se="o-form"]');
    const typable = [...(shown?.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button])') ?? [])].some((i) => (i as HTMLElement).offsetParent !== null);
    return !typable || shown?.contains(document.activeElement);
  }, undefined, { timeout: 2000 }).catch(() => undefined);
}

/** The widget's current form, as a user sees it. */
export const form = (page: Page) => page.locator('#app form[data-se="o-form"]');

/** Gen2's form library (Courage) drops a submit within this long of the previous one (`throttle(__save, 200)`). */
const SUBMIT_THROTTLE_MS = 200;

/** Submits the current form as a user would: not faster than the widget takes submits (a quick error answer could otherwise eat a retry). */
export async function submitForm(session: WidgetSession): Promise<void> {
  const wait = session.lastSubmitAt + SUBMIT_THROTTLE_MS + 50 - Date.now();
  if (wait > 0) await session.page.waitForTimeout(wait);
  await form(session.page).locator('[type="submit"]').click();
  session.lastSubmitAt = Date.now();
}

/** Types the username on the identify form and submits it. */
export async function identify(session: WidgetSession, username: string): Promise<void> {
  await form(session.page).locator('input[name="identifier"]').fill(username);
  await submitForm(session);
}

/** Types a passcode (password or code) on the challenge form and submits it. */
export async function answerChallenge(session: WidgetSession, passcode: string): Promise<void> {
  await form(session.page).locator('input[name="credentials.passcode"]').fill(passcode);
  await submitForm(session);
}

/** The email challenge offers the magic link first; the code field is one click away. */
export const showCodeEntry = (session: WidgetSession) => form(session.page).getByRole('button', { name: 'Enter a verification code instead' }).click();

/** Waits for `text` in the form's error banner (`role="alert"` in both generations); fails with what the form showed instead. */
export async function formError(session: WidgetSession, text: string): Promise<void> {
  try {
    await form(session.page).getByRole('alert').getByText(text).first().waitFor({ timeout: 10_000 });
  } catch (error) {
    const shown = await form(session.page).innerText({ timeout: 1000 }).catch(() => '(no form)');
    const values = await form(session.page).locator('input').evaluateAll((inputs) => inputs.map((i) => `${(i as HTMLInputElement).name}=${(i as HTMLInputElement).value}`)).catch(() => []);
    throw new Error(`the form did not show "${text}"; it shows:\n${shown}\ninputs: ${values.join(', ')}\nrenders: ${JSON.stringify(await widgetRenders(session))}\n${session.report}`, { cause: error });
  }
}

/**
 * Screenshot of the widget's current state (test-results/screenshots/okta-widget-[gen3-]<state>.png),
 * once its web fonts are in and its finite CSS animations (the authenticator beacon sliding in) are over.
 */
export async function screenshotState(session: WidgetSession, state: string): Promise<void> {
  await session.page.evaluate(async () => {
    await document.fonts.ready;
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
  });
  await screenshot(session.page, `${session.bundle.screenshotPrefix}${state}`);
}

export interface WidgetTokens {
  accessToken: { accessToken: string; claims: Record<string, unknown> };
  idToken: { idToken: string; claims: Record<string, unknown> };
}

/** The tokens `showSignInToGetTokens()` resolved with, once it has. */
export async function widgetTokens(session: WidgetSession): Promise<WidgetTokens> {
  try {
    await session.page.waitForFunction(() => 'widgetTokens' in window || 'widgetFailure' in window, undefined, { timeout: 10_000 });
  } catch (error) {
    throw new Error(`the widget resolved no tokens\n${session.report}`, { cause: error });
  }
  const { widgetTokens: tokens, widgetFailure: failure } = await session.page.evaluate(() => {
    const w = window as unknown as WidgetWindow;
    return { widgetTokens: w.widgetTokens, widgetFailure: w.widgetFailure };
  });
  assert.ok(tokens, `showSignInToGetTokens() rejected: ${failure}\n${session.report}`);
  return tokens;
}

/** The access token as Latchkey's introspection answers a confidential client about it. */
export async function introspect(server: TestServer, accessToken: string): Promise<Record<string, unknown>> {
  const r = await fetch(`${server.url}/oauth2/default/v1/introspect`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${TEST.web.clientId}:${TEST.web.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: accessToken, token_type_hint: 'access_token' }),
  });
  assert.equal(r.status, 200);
  return r.json() as Promise<Record<string, unknown>>;
}

/**
 * The tokens the widget resolved, checked with Latchkey: the access token active for `user` and the
 * SPA, the ID token's `amr` the authenticators the user went through.
 */
export async function assertSignedIn(rig: WidgetRig, session: WidgetSession, amr: string[], user = TEST.user): Promise<WidgetTokens> {
  const tokens = await widgetTokens(session);
  const introspected = await introspect(rig.server, tokens.accessToken.accessToken);
  assert.equal(introspected.active, true);
  assert.equal(introspected.sub, user);
  assert.equal(introspected.client_id, TEST.spa.clientId);
  assert.deepEqual(tokens.idToken.claims.amr, amr);
  return tokens;
}
