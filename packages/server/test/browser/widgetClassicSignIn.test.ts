import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authenticator } from 'otplib';
import { emailedRecoveryToken } from '../support/outbox.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { checkState, fillAndSubmit, renderCount, startRig, widget, withWidget, type Rig, type Session } from './widgetHarness.js';
import { CLASSIC, classicSuccess, dashboardPolicy, setCookieAndRedirect, waitForScreen } from './widgetClassicHarness.js';

/**
 * Latchkey's widget in Classic mode (`useClassicEngine: true`) against Latchkey's /api/v1/authn in
 * Chromium: primary authentication to SUCCESS and the session its sessionToken makes, a wrong
 * password, an expired password changed, an expiry warning skipped, "Forgot password?" by email and the emailed link's
 * recoveryToken, a stateToken the app's server began with, a locked account, and French.
 */

const DAY = 24 * 3600_000;
const TWO_FACTORS = 'Two factors';
const NEW_PASSWORD = 'Fresh-Start-2468';
const TOTP_SECRET = authenticator.generateSecret(20);
const PEOPLE = { expiring: 'sam@example.com', expired: 'olga@example.com', forgetful: 'fay@example.com', started: 'stan@example.com', locked: 'lars@example.com' };
const MAX_ATTEMPTS = 3;

function org() {
  const base = testOrg();
  const person = (login: string, extra: Record<string, unknown> = {}) =>
    ({ login, profile: { firstName: 'Pat', lastName: 'Tester', email: login }, password: TEST.password, groups: ['Engineering'], emailVerified: true, ...extra });
  return {
    ...base,
    groups: [...base.groups, { name: TWO_FACTORS }],
    users: [
      ...base.users,
      person(PEOPLE.expired, { passwordChanged: new Date(Date.now() - 40 * DAY).toISOString() }),
      person(PEOPLE.expiring, { passwordChanged: new Date(Date.now() - 27 * DAY).toISOString() }),
      person(PEOPLE.forgetful),
      person(PEOPLE.locked),
      person(PEOPLE.started, { groups: ['Engineering', TWO_FACTORS], authenticatorEnrollments: [{ key: 'google_otp', secret: TOTP_SECRET }] }),
    ],
    policies: [
      dashboardPolicy(TWO_FACTORS),
      {
        type: 'PASSWORD', name: 'Everyone', priority: 1, conditions: {},
        settings: { password: { age: { maxAgeDays: 30, expireWarnDays: 5 }, lockout: { maxAttempts: MAX_ATTEMPTS, autoUnlockMinutes: 60 } } },
        rules: [{ name: 'By email', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['email'] } } }, selfServiceUnlock: { access: 'ALLOW' } } }],
      },
    ],
  };
}

let rig: Rig;
before(async () => {
  rig = await startRig(org());
});
after(() => rig?.stop());

const classic = (test: (session: Session) => Promise<void>, options: Record<string, unknown> = {}, firstForm = 'UNAUTHENTICATED') =>
  withWidget(rig, { options: { ...CLASSIC, ...options }, firstForm }, test);

const signIn = (session: Session, username: string, password = TEST.password) =>
  fillAndSubmit(session, { Username: username, Password: password }, 'Sign In');

describe('Latchkey widget in Classic mode: sign-in', () => {
  it('signs in with a password: Okta\'s Classic success data, whose setCookieAndRedirect makes the session', () => classic(async (session) => {
    const first = await waitForScreen(session, 'primary-auth');
    assert.deepEqual(first, { controller: 'primary-auth', formName: 'UNAUTHENTICATED' });
    assert.ok(session.warnings.every((w) => !w.includes('features')), 'no warning about the Classic options');
    await checkState(session, 'classic-primary-auth');
    await signIn(session, TEST.user);
    const success = await classicSuccess(session);
    assert.deepEqual(success, { status: 'SUCCESS', type: 'SESSION_SSO', login: TEST.user, token: success.token, setCookieAndRedirect: 'function', next: 'undefined' });
    assert.ok(success.token && success.token.length > 20);
    assert.deepEqual(await setCookieAndRedirect(rig, session), { status: 200, login: TEST.user });
  }));

  it('showSignInToGetTokens is refused in Classic mode (CONFIG_ERROR: no OAuth there)', () => classic(async (session) => {
    const refused = await session.page.evaluate(() => new (window as any).OktaSignIn({ ...(window as any).appOptions, useClassicEngine: true })
      .showSignInToGetTokens({ el: document.createElement('div') }).then(() => 'resolved', (e: Error) => `${e.name}: ${e.message}`));
    assert.match(refused, /^CONFIG_ERROR: "showSignInToGetTokens" needs the Identity Engine/);
  }));

  it('a wrong password: the server\'s error shown, the username kept; then the right one signs in', () => classic(async (session) => {
    await signIn(session, TEST.otherUser, 'Not-The-Password-1');
    const card = widget(session.page);
    await card.getByRole('alert').getByText('Authentication failed').waitFor();
    const errors = await session.page.evaluate(() => (window as any).widgetLog.errors);
    assert.deepEqual(errors, [{ formName: 'UNAUTHENTICATED', errorSummary: 'Authentication failed', status: 401 }]);
    assert.equal(await card.getByLabel('Username', { exact: true }).inputValue(), TEST.otherUser);
    await checkState(session, 'classic-wrong-password');
    await card.getByLabel('Password', { exact: true }).fill(TEST.password);
    await card.getByRole('button', { name: 'Sign In' }).click();
    assert.equal((await classicSuccess(session)).login, TEST.otherUser);
  }));

  it('an expired password: the old and a new one (typed twice alike) change it, then SUCCESS', () => classic(async (session) => {
    await signIn(session, PEOPLE.expired);
    await waitForScreen(session, 'password-expired');
    const card = widget(session.page);
    await card.getByRole('heading', { name: 'Your password has expired' }).waitFor();
    await card.getByText(/Password requirements: at least 8 characters/).waitFor();
    await checkState(session, 'classic-password-expired');
    const fill = { 'Old password': TEST.password, 'New password': NEW_PASSWORD };
    await fillAndSubmit(session, { ...fill, 'Repeat password': `${NEW_PASSWORD}x` }, 'Change Password');
    await card.getByRole('alert').getByText('New passwords must match').waitFor();
    await fillAndSubmit(session, { ...fill, 'Repeat password': NEW_PASSWORD }, 'Change Password');
    assert.equal((await classicSuccess(session)).login, PEOPLE.expired);
  }));

  it('a password about to expire: "Remind me later" skips the change; SUCCESS', () => classic(async (session) => {
    await signIn(session, PEOPLE.expiring);
    await waitForScreen(session, 'password-expiry-warning');
    await widget(session.page).getByRole('heading', { name: /^Your password will expire in \d days$/ }).waitFor();
    await checkState(session, 'classic-password-warn');
    await widget(session.page).getByRole('button', { name: 'Remind me later' }).click();
    assert.equal((await classicSuccess(session)).login, PEOPLE.expiring);
  }));

  it('"Forgot password?" by email: "Email sent!", then the emailed link\'s recoveryToken starts at the new password; SUCCESS', async () => {
    await classic(async (session) => {
      await widget(session.page).getByRole('button', { name: 'Forgot password?' }).click();
      await waitForScreen(session, 'forgot-password');
      await checkState(session, 'classic-forgot-password');
      await fillAndSubmit(session, { 'Email or Username': PEOPLE.forgetful }, 'Reset via Email');
      await waitForScreen(session, 'password-reset-email-sent');
      await widget(session.page).getByText(`Email has been sent to ${PEOPLE.forgetful} with instructions on resetting your password.`).waitFor();
      await checkState(session, 'classic-password-reset-email-sent');
    });
    const recoveryToken = await emailedRecoveryToken(rig.server.url, PEOPLE.forgetful);
    await classic(async (session) => {
      const card = widget(session.page);
      await card.getByRole('heading', { name: 'Reset your password' }).waitFor();
      await checkState(session, 'classic-password-reset');
      await fillAndSubmit(session, { 'New password': NEW_PASSWORD, 'Repeat password': NEW_PASSWORD }, 'Reset Password');
      const success = await classicSuccess(session);
      assert.equal(success.login, PEOPLE.forgetful);
      assert.deepEqual(await setCookieAndRedirect(rig, session), { status: 200, login: PEOPLE.forgetful });
    }, { recoveryToken }, 'PASSWORD_RESET');
    // The token works once.
    await classic(async (session) => {
      await widget(session.page).getByRole('alert').waitFor();
      await widget(session.page).getByRole('button', { name: 'Back to sign in' }).click();
      await waitForScreen(session, 'primary-auth');
    }, { recoveryToken }, 'terminal');
  });

  it('a stateToken the app\'s server began (MFA_REQUIRED): the widget resumes at the factors; Google Authenticator chosen, its code signs in', async () => {
    const r = await fetch(`${rig.server.url}/api/v1/authn`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ username: PEOPLE.started, password: TEST.password }),
    });
    const started = await r.json() as { status: string; stateToken: string };
    assert.equal(started.status, 'MFA_REQUIRED');
    await classic(async (session) => {
      const card = widget(session.page);
      await card.getByRole('heading', { name: 'Verify it\'s you with a security method' }).waitFor();
      await checkState(session, 'classic-mfa-required');
      await card.getByRole('button', { name: /^Google Authenticator/ }).click();
      await card.getByRole('heading', { name: 'Google Authenticator' }).waitFor();
      await checkState(session, 'classic-mfa-verify-totp');
      await fillAndSubmit(session, { 'Enter Code': '000000' }, /^Verify$/);
      await card.getByRole('alert').waitFor();
      await fillAndSubmit(session, { 'Enter Code': authenticator.generate(TOTP_SECRET) }, /^Verify$/);
      assert.equal((await classicSuccess(session)).login, PEOPLE.started);
    }, { stateToken: started.stateToken }, 'MFA_REQUIRED');
  });

  it('a locked account: said so with "Unlock account?" (features.selfServiceUnlock), which emails the link; its recoveryToken unlocks, the password signs in', async () => {
    await classic(async (session) => {
      const card = widget(session.page);
      for (let i = 1; i <= MAX_ATTEMPTS; i++) {
        const before = await renderCount(session);
        await signIn(session, PEOPLE.locked, 'Wrong-Password-1');
        if (i < MAX_ATTEMPTS) await session.page.waitForFunction((n) => (window as any).widgetLog.errors.length >= n, i);
        else await waitForScreen(session, 'primary-auth', before);
      }
      await card.getByRole('alert').getByText('Your account is locked. Select "Unlock account?" to unlock it.').waitFor();
      await checkState(session, 'classic-locked-out');
      await card.getByRole('button', { name: 'Unlock account?' }).click();
      await waitForScreen(session, 'account-unlock');
      await fillAndSubmit(session, { 'Email or username': PEOPLE.locked }, 'Send Email');
      await waitForScreen(session, 'account-unlock-email-sent');
    }, { features: { selfServiceUnlock: true } });
    const recoveryToken = await emailedRecoveryToken(rig.server.url, PEOPLE.locked, 'account-unlock-link');
    await classic(async (session) => {
      const card = widget(session.page);
      await waitForScreen(session, 'account-unlocked');
      await card.getByRole('heading', { name: 'Account successfully unlocked!' }).waitFor();
      await checkState(session, 'classic-account-unlocked');
      await card.getByRole('button', { name: 'Back to sign in' }).click();
      await waitForScreen(session, 'primary-auth');
      await signIn(session, PEOPLE.locked);
      assert.equal((await classicSuccess(session)).login, PEOPLE.locked);
    }, { recoveryToken }, 'SUCCESS');
  });

  it('speaks French: primary authentication, its error and "Forgot password?" in Okta\'s Classic words', () => classic(async (session) => {
    const card = widget(session.page);
    await card.getByRole('heading', { name: 'Connexion' }).waitFor();
    await fillAndSubmit(session, { "Nom d'utilisateur": TEST.otherUser, 'Mot de passe': 'Not-The-Password-1' }, 'Connexion');
    await card.getByRole('alert').getByText("Échec de l'authentification").waitFor();
    await card.getByRole('button', { name: 'Mot de passe oublié ?' }).click();
    await card.getByRole('button', { name: 'Réinitialiser via e-mail' }).waitFor();
    await checkState(session, 'classic-forgot-password-fr');
  }, { language: 'fr' }));
});
