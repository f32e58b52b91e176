/**
 * The hosted sign-in page of a Classic org with Okta's own Sign-In Widget (v7) in Chromium: the org's
 * custom template loads the widget bundle with the page's nonce, as Okta's customers do, and renders
 * it with OktaUtil.getSignInWidgetConfig() (a Classic stateToken, useClassicEngine) and
 * OktaUtil.completeLogin. The widget runs its Classic pipeline on the stateToken (introspect:
 * UNAUTHENTICATED, primary authentication, a factor), and its success's next() takes the browser
 * back to the app's redirect URI with a code that the token endpoint redeems.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as oidc from 'openid-client';
import { authenticator } from 'otplib';
import { BrowserReport, form, submitForm, type WidgetSession } from '../support/oktaWidget.js';
import type { TestPage } from '../support/testPage.js';
import { assertSignedInAtStart, startClassicHostedRig, type ClassicHostedRig } from '../support/classicHostedRig.js';
import { emailedRecoveryToken } from '../support/outbox.js';
import { issueActivationToken } from '../../src/org/activation.js';
import { CLASSIC_PASSWORD, classicAuthn, classicHostedPeopleOrg, lockedOutUnlockToken } from '../support/classicHostedOrg.js';

const require = createRequire(import.meta.url);
const widgetDist = join(dirname(require.resolve('@okta/okta-signin-widget/package.json')), 'dist');
const WIDGET_PREFIX = '/okta-signin-widget/';

const PASSWORD = CLASSIC_PASSWORD;
const PEOPLE = { ann: 'ann@example.com', mfa: 'mia@example.com', forgetful: 'fay@example.com', locked: 'lars@example.com', invited: 'ivy@example.com' };
const NEW_PASSWORD = 'Fresh-Start-2468';
const TOTP_SECRET = authenticator.generateSecret(20);

/** The org's sign-in page, in Okta's template language: Okta's widget from the app's static server (the CDN of this test). */
function signInTemplate(widgetOrigin: string): string {
  const assets = `${widgetOrigin}${WIDGET_PREFIX}`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{pageTitle}}</title>
  {{{SignInWidgetResources}}}
  <link nonce="{{nonceValue}}" rel="stylesheet" href="${assets}css/okta-sign-in.min.css">
  <script nonce="{{nonceValue}}" src="${assets}js/okta-sign-in.min.js"></script>
</head>
<body>
  <main id="app"></main>
  {{{OktaUtil}}}
  <script nonce="{{nonceValue}}">
    var config = OktaUtil.getSignInWidgetConfig();
    config.assets = { baseUrl: '${assets}' };
    window.widgetRenders = [];
    var signIn = new OktaSignIn(config);
    signIn.on('afterRender', function (c) { widgetRenders.push(c.controller); });
    signIn.renderEl({ el: '#app' }, OktaUtil.completeLogin, function (error) { console.error(error); });
  </script>
</body>
</html>`;
}

function classicOrgFile(app: TestPage) {
  return classicHostedPeopleOrg({
    redirectUri: app.callbackUrl, plain: [PEOPLE.ann, PEOPLE.forgetful, PEOPLE.locked], mfa: PEOPLE.mfa, totpSecret: TOTP_SECRET, invited: [PEOPLE.invited],
    branding: { signInTemplate: signInTemplate(app.origin) },
  });
}

let rig: ClassicHostedRig;
before(async () => {
  rig = await startClassicHostedRig(classicOrgFile, { [WIDGET_PREFIX]: widgetDist });
});
after(() => rig?.stop());

const authn = (path: string, body: object) => classicAuthn(rig.server.url)(path, body);

/** Waits until the widget's latest render is the controller `name`. */
async function waitForController(session: WidgetSession, name: string): Promise<void> {
  try {
    await session.page.waitForFunction((n) => (window as unknown as { widgetRenders?: string[] }).widgetRenders?.at(-1) === n, name, { timeout: 10_000 });
  } catch (error) {
    const renders = await session.page.evaluate(() => (window as unknown as { widgetRenders?: string[] }).widgetRenders).catch(() => undefined);
    throw new Error(`the widget did not show ${name}: ${JSON.stringify(renders)}\n${session.report}`, { cause: error });
  }
}

/**
 * Opens /v1/authorize in a fresh browser, runs `steps` on the hosted page, and waits for the app's
 * redirect URI: the code it got is redeemed (PKCE) for tokens, whose subject is returned.
 */
async function signIn(steps: (session: WidgetSession) => Promise<void>): Promise<string> {
  const context = await rig.browser.newContext();
  try {
    const tab = await context.newPage();
    const session: WidgetSession = { page: tab, report: new BrowserReport(tab), bundle: { script: '', stylesheet: undefined, screenshotPrefix: 'okta-widget-classic-hosted-' }, lastSubmitAt: 0 };
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(rig.config, { redirect_uri: rig.page.callbackUrl, scope: 'openid profile', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    await tab.goto(url.href);
    await waitForController(session, 'primary-auth');
    await steps(session);
    await tab.waitForURL((u) => u.href.startsWith(rig.page.callbackUrl), { timeout: 10_000 }).catch((error: unknown) => {
      throw new Error(`the browser did not land on the app (${tab.url()})\n${session.report}`, { cause: error });
    });
    session.report.assertClean();
    const tokens = await oidc.authorizationCodeGrant(rig.config, new URL(tab.url()), { pkceCodeVerifier: verifier, expectedState: state });
    return tokens.claims()!.preferred_username as string;
  } finally {
    await context.close();
  }
}

/** Runs `test` in a fresh browser context on `url`, the widget showing `firstView`; then checks the browser saw no problems. */
async function onPage(url: string, firstView: string, test: (session: WidgetSession) => Promise<void>): Promise<void> {
  const context = await rig.browser.newContext();
  try {
    const tab = await context.newPage();
    const session: WidgetSession = { page: tab, report: new BrowserReport(tab), bundle: { script: '', stylesheet: undefined, screenshotPrefix: 'okta-widget-classic-hosted-' }, lastSubmitAt: 0 };
    await tab.goto(url);
    await waitForController(session, firstView);
    await test(session);
    session.report.assertClean();
  } finally {
    await context.close();
  }
}

/** Types the username and password on the Classic primary-auth form and submits it. */
async function primaryAuth(session: WidgetSession, username: string, password = PASSWORD): Promise<void> {
  await form(session.page).locator('input[name="username"]').fill(username);
  await form(session.page).locator('input[name="password"]').fill(password);
  await session.page.waitForTimeout(250);
  await submitForm(session);
}

/** Types NEW_PASSWORD twice on the password-reset form and submits it. */
async function newPassword(session: WidgetSession): Promise<void> {
  await form(session.page).locator('input[name="newPassword"]').fill(NEW_PASSWORD);
  await form(session.page).locator('input[name="confirmPassword"]').fill(NEW_PASSWORD);
  await session.page.waitForTimeout(250);
  await submitForm(session);
}

describe("a Classic org's hosted page with Okta's widget v7 (Classic) from the org's template", () => {
  it('signs in with the password and lands on the app with a code', async () => {
    assert.equal(await signIn((session) => primaryAuth(session, PEOPLE.ann)), PEOPLE.ann);
  });

  it('signs in with the password and a TOTP code (MFA_REQUIRED: Google Authenticator chosen among the factors), then lands on the app', async () => {
    const login = await signIn(async (session) => {
      await primaryAuth(session, PEOPLE.mfa);
      await waitForController(session, 'mfa-verify');
      await session.page.locator('#app [data-type="factor-types-dropdown"] a.option-selected').click();
      await session.page.locator('#app .factors-dropdown-wrap a.factor-option', { hasText: 'Google Authenticator' }).click();
      const totpForm = session.page.locator('#app form.mfa-verify-totp');
      await totpForm.locator('input[name="answer"]').fill(authenticator.generate(TOTP_SECRET));
      await session.page.waitForTimeout(250);
      await totpForm.locator('[type="submit"]').click();
    });
    assert.equal(login, PEOPLE.mfa);
  });

  it('the emailed reset link opens the page with its recoveryToken: the new password, then the session and the start page', async () => {
    assert.equal((await authn('/recovery/password', { username: PEOPLE.forgetful, factorType: 'EMAIL' })).status, 200);
    const token = await emailedRecoveryToken(rig.server.url, PEOPLE.forgetful);
    await onPage(`${rig.server.url}/signin/reset-password/${encodeURIComponent(token)}`, 'password-reset', async (session) => {
      await newPassword(session);
      await assertSignedInAtStart(rig, session, PEOPLE.forgetful);
    });
    assert.equal((await authn('/recovery/token', { recoveryToken: token })).status, 403, 'the link works once');
    assert.equal((await authn('', { username: PEOPLE.forgetful, password: NEW_PASSWORD })).status, 200);
  });

  it('the emailed unlock link opens the page with its recoveryToken: unlocked, then the password signs in to the start page', async () => {
    const token = await lockedOutUnlockToken(rig.server.url, PEOPLE.locked);
    await onPage(`${rig.server.url}/signin/user-unlock/${encodeURIComponent(token)}`, 'account-unlocked', async (session) => {
      await session.page.getByRole('link', { name: 'Back to sign in' }).click();
      await waitForController(session, 'primary-auth');
      await primaryAuth(session, PEOPLE.locked);
      await assertSignedInAtStart(rig, session, PEOPLE.locked);
    });
  });

  it('the emailed activation link (/welcome) opens the page with the stateToken of the activation: the first password, then the session and the start page', async () => {
    const token = (await issueActivationToken(rig.server.lk.store, PEOPLE.invited, Date.now()))!;
    await onPage(`${rig.server.url}/welcome/${encodeURIComponent(token)}`, 'password-reset', async (session) => {
      await newPassword(session);
      await assertSignedInAtStart(rig, session, PEOPLE.invited);
    });
    assert.equal((await rig.server.lk.store.users.findByLogin(PEOPLE.invited))?.status, 'ACTIVE');
    assert.equal((await authn('', { token })).status, 401, 'the link works once');
  });
});
