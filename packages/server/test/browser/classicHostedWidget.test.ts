/**
 * The hosted sign-in page of a Classic org as its users see it: the org's default template with
 * Latchkey's own widget, in Chromium. An app starts /oauth2/default/v1/authorize with PKCE; the
 * widget runs the Classic pipeline on the page's stateToken (UNAUTHENTICATED, primary
 * authentication, a factor) and its success's next() takes the browser back to the app's redirect
 * URI with a code that openid-client redeems. "Forgot password?" from the page emails a reset link,
 * and the emailed reset and unlock links open the same page with their recoveryToken.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { authenticator } from 'otplib';
import { screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { BrowserReport } from '../support/oktaWidget.js';
import type { TestPage } from '../support/testPage.js';
import { assertSignedInAtStart, startClassicHostedRig, type ClassicHostedRig } from '../support/classicHostedRig.js';
import { emailedRecoveryToken, latestEmailText } from '../support/outbox.js';
import { CLASSIC_PASSWORD, classicAuthn, classicHostedPeopleOrg, lockedOutUnlockToken } from '../support/classicHostedOrg.js';
import { fillAndSubmit, widget, type Session } from './widgetHarness.js';

const PASSWORD = CLASSIC_PASSWORD;
const PEOPLE = { ann: 'ann@example.com', ben: 'ben@example.com', mfa: 'mia@example.com', forgetful: 'fay@example.com', locked: 'lars@example.com' };
const NEW_PASSWORD = 'Fresh-Start-2468';
const TOTP_SECRET = authenticator.generateSecret(20);

function classicOrgFile(app: TestPage) {
  return classicHostedPeopleOrg({
    redirectUri: app.callbackUrl, plain: [PEOPLE.ann, PEOPLE.ben, PEOPLE.forgetful, PEOPLE.locked], mfa: PEOPLE.mfa, totpSecret: TOTP_SECRET,
  });
}

let rig: ClassicHostedRig;
before(async () => {
  rig = await startClassicHostedRig(classicOrgFile);
});
after(() => rig?.stop());

const authn = (path: string, body: object) => classicAuthn(rig.server.url)(path, body);

/** Runs `test` in a fresh browser context; then checks the browser saw no problems (console errors, failed requests, 5xx). */
async function inFreshBrowser(test: (session: Session) => Promise<void>): Promise<void> {
  const context = await rig.browser.newContext();
  try {
    const tab = await context.newPage();
    const session: Session = { page: tab, report: new BrowserReport(tab), warnings: [] };
    tab.on('console', (m) => m.type() === 'warning' && session.warnings.push(m.text()));
    await test(session);
    session.report.assertClean();
    assert.deepEqual(session.warnings, [], 'no console warnings');
  } finally {
    await context.close();
  }
}

/** Screenshot of the hosted page (test-results/screenshots/classic-hosted-<state>.png) and its accessibility check. */
async function checkState(session: Session, state: string): Promise<void> {
  assert.equal(new URL(session.page.url()).origin, rig.server.url, "on Latchkey's hosted page");
  await screenshot(session.page, `classic-hosted-${state}`);
  const violations = await seriousAccessibilityViolations(session.page);
  assert.deepEqual(violations, [], `axe found serious problems in classic-hosted-${state}: ${JSON.stringify(violations, null, 2)}`);
}

/**
 * Opens /v1/authorize (PKCE), waits for the hosted page's primary authentication, runs `steps` there,
 * and waits for the app's redirect URI: its code is redeemed for tokens, whose ID token's claims are returned.
 */
async function signIn(session: Session, steps: () => Promise<void>): Promise<oidc.IDToken> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(rig.config, { redirect_uri: rig.page.callbackUrl, scope: 'openid profile', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
  await session.page.goto(url.href);
  await widget(session.page).getByRole('heading', { name: 'Sign In' }).waitFor();
  await steps();
  await session.page.waitForURL((u) => u.href.startsWith(rig.page.callbackUrl), { timeout: 10_000 }).catch((error: unknown) => {
    throw new Error(`the browser did not land on the app (${session.page.url()})\n${session.report}`, { cause: error });
  });
  const landed = new URL(session.page.url());
  assert.ok(landed.searchParams.get('code'), 'a code');
  assert.equal(landed.searchParams.get('state'), state);
  const tokens = await oidc.authorizationCodeGrant(rig.config, landed, { pkceCodeVerifier: verifier, expectedState: state });
  assert.ok(tokens.access_token);
  return tokens.claims()!;
}

const primaryAuth = (session: Session, username: string, password = PASSWORD) =>
  fillAndSubmit(session, { Username: username, Password: password }, 'Sign In');

describe("a Classic org's default hosted page with Latchkey's widget", () => {
  it('primary authentication with the password: back on the app with a code that gives tokens', () => inFreshBrowser(async (session) => {
    const login = await signIn(session, async () => {
      await checkState(session, 'primary-auth');
      await primaryAuth(session, PEOPLE.ann);
    });
    assert.equal(login.preferred_username, PEOPLE.ann);
  }));

  it('a wrong password: the error shown, the username kept; then the right one lands on the app', () => inFreshBrowser(async (session) => {
    const login = await signIn(session, async () => {
      await primaryAuth(session, PEOPLE.ben, 'Not-The-Password-1');
      const card = widget(session.page);
      await card.getByRole('alert').getByText('Authentication failed').waitFor();
      assert.equal(await card.getByLabel('Username', { exact: true }).inputValue(), PEOPLE.ben);
      await checkState(session, 'wrong-password');
      await card.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await card.getByRole('button', { name: 'Sign In' }).click();
    });
    assert.equal(login.preferred_username, PEOPLE.ben);
  }));

  it('password and TOTP (MFA_REQUIRED): Google Authenticator chosen, a wrong code refused, the right one lands on the app; the session\'s amr is the tokens\'', () => inFreshBrowser(async (session) => {
    const login = await signIn(session, async () => {
      await primaryAuth(session, PEOPLE.mfa);
      const card = widget(session.page);
      await card.getByRole('heading', { name: "Verify it's you with a security method" }).waitFor();
      await checkState(session, 'mfa-required');
      await card.getByRole('button', { name: /^Google Authenticator/ }).click();
      await card.getByRole('heading', { name: 'Google Authenticator' }).waitFor();
      await checkState(session, 'mfa-verify-totp');
      await fillAndSubmit(session, { 'Enter Code': '000000' }, /^Verify$/);
      await card.getByRole('alert').waitFor();
      await fillAndSubmit(session, { 'Enter Code': authenticator.generate(TOTP_SECRET) }, /^Verify$/);
    });
    assert.equal(login.preferred_username, PEOPLE.mfa);
    assert.deepEqual(login.amr, ['pwd', 'otp', 'mfa']);
    const me = await session.page.context().request.get(`${rig.server.url}/api/v1/sessions/me`, { headers: { Accept: 'application/json' } });
    assert.equal(me.status(), 200);
    const shown = await me.json() as { id: string; login: string; amr: string[]; mfaActive: boolean };
    assert.deepEqual({ login: shown.login, amr: shown.amr, mfaActive: shown.mfaActive }, { login: PEOPLE.mfa, amr: ['pwd', 'otp', 'mfa'], mfaActive: true });
    assert.match(shown.id, /^102[A-Za-z0-9_-]{22}$/);
  }));

  it('"Back to sign in" at the factors ends that sign-in; someone else\'s password then still lands on the app', () => inFreshBrowser(async (session) => {
    const login = await signIn(session, async () => {
      await primaryAuth(session, PEOPLE.mfa);
      const card = widget(session.page);
      await card.getByRole('heading', { name: "Verify it's you with a security method" }).waitFor();
      await card.getByRole('button', { name: 'Back to sign in' }).click();
      await card.getByRole('heading', { name: 'Sign In' }).waitFor();
      await primaryAuth(session, PEOPLE.ann);
    });
    assert.equal(login.preferred_username, PEOPLE.ann);
  }));

  it('"Forgot password?" on the hosted page emails the reset link; the link opens the page at the new password, then the start page', async () => {
    await inFreshBrowser(async (session) => {
      const url = oidc.buildAuthorizationUrl(rig.config, { redirect_uri: rig.page.callbackUrl, scope: 'openid', state: oidc.randomState(), code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
      await session.page.goto(url.href);
      const card = widget(session.page);
      await card.getByRole('button', { name: 'Forgot password?' }).click();
      await checkState(session, 'forgot-password');
      await fillAndSubmit(session, { 'Email or Username': PEOPLE.forgetful }, 'Reset via Email');
      await card.getByText(`Email has been sent to ${PEOPLE.forgetful} with instructions on resetting your password.`).waitFor();
      await checkState(session, 'password-reset-email-sent');
    });
    const link = /(http\S+\/signin\/reset-password\/\S+)/.exec(await latestEmailText(rig.server.url, PEOPLE.forgetful))![1];
    assert.equal(new URL(link).origin, rig.server.url);
    await inFreshBrowser(async (session) => {
      await session.page.goto(link);
      await widget(session.page).getByRole('heading', { name: 'Reset your password' }).waitFor();
      await checkState(session, 'password-reset');
      await fillAndSubmit(session, { 'New password': NEW_PASSWORD, 'Repeat password': NEW_PASSWORD }, 'Reset Password');
      await assertSignedInAtStart(rig, session, PEOPLE.forgetful);
    });
    const token = await emailedRecoveryToken(rig.server.url, PEOPLE.forgetful);
    assert.equal((await authn('/recovery/token', { recoveryToken: token })).status, 403, 'the link works once');
    assert.equal((await authn('', { username: PEOPLE.forgetful, password: NEW_PASSWORD })).status, 200);
  });

  it('the emailed unlock link opens the page: unlocked, "Back to sign in", then the password signs in to the start page', async () => {
    const token = await lockedOutUnlockToken(rig.server.url, PEOPLE.locked);
    await inFreshBrowser(async (session) => {
      await session.page.goto(`${rig.server.url}/signin/user-unlock/${encodeURIComponent(token)}`);
      const card = widget(session.page);
      await card.getByRole('heading', { name: 'Account successfully unlocked!' }).waitFor();
      await checkState(session, 'account-unlocked');
      await card.getByRole('button', { name: 'Back to sign in' }).click();
      await primaryAuth(session, PEOPLE.locked);
      await assertSignedInAtStart(rig, session, PEOPLE.locked);
    });
  });
});
