/**
 * The real Okta Sign-In Widget (v7) in Classic mode (`useClassicEngine`) against Latchkey in
 * Chromium: primary authentication through /api/v1/authn ends in SUCCESS with a sessionToken that
 * becomes a session, "Forgot password?" recovers the password by the emailed link's token, and a
 * locked account is unlocked by its emailed link (features.selfServiceUnlock).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertSessionToken, classicForgotPasswordByEmail, classicPrimaryAuth, classicResetWithToken, classicWidgetPageHtml, classicWidgetSuccess, form, startWidgetRig, waitForView, withWidget,
  type OktaWidgetRig,
} from '../support/oktaWidget.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { emailedRecoveryToken } from '../support/outbox.js';

const FORGETFUL = 'fay@example.com';
const LOCKED = 'lars@example.com';
const MAX_ATTEMPTS = 3;
const NEW_PASSWORD = 'Fresh-Start-2468';

let rig: OktaWidgetRig;
before(async () => {
  const base = testOrg();
  const person = (login: string) => ({ login, profile: { firstName: 'Pat', email: login }, password: TEST.password, groups: ['Engineering'], emailVerified: true });
  const org = {
    ...base,
    users: [...base.users, person(FORGETFUL), person(LOCKED)],
    policies: [{
      type: 'PASSWORD', name: 'Everyone', priority: 1, conditions: {},
      settings: { password: { lockout: { maxAttempts: MAX_ATTEMPTS, autoUnlockMinutes: 60 } } },
      rules: [{ name: 'By email', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['email'] } } }, selfServiceUnlock: { access: 'ALLOW' } } }],
    }],
  };
  rig = await startWidgetRig(org, undefined, undefined, classicWidgetPageHtml);
});
after(() => rig?.stop());

const emailedToken = (to: string, kind?: string) => emailedRecoveryToken(rig.server.url, to, kind);

describe('the Okta widget in Classic mode (useClassicEngine) in Chromium', () => {
  it('signs in: primary auth, SUCCESS with a sessionToken that becomes a session', () => withWidget(rig, async (session) => {
    await classicPrimaryAuth(session, TEST.user, TEST.password);
    const success = await classicWidgetSuccess(session);
    assert.equal(success.status, 'SUCCESS');
    assert.equal(success.login, TEST.user);
    await assertSessionToken(rig, success.sessionToken);
  }, { firstView: 'primary-auth' }));

  it('recovers a password: Forgot password?, the email, the link\'s token, a new password, SUCCESS; the new password signs in', () => withWidget(rig, async (session) => {
    const { page } = session;
    await classicForgotPasswordByEmail(session, FORGETFUL);
    const success = await classicResetWithToken(session, rig.page.url, await emailedToken(FORGETFUL), NEW_PASSWORD);
    assert.equal(success.status, 'SUCCESS');
    assert.equal(success.login, FORGETFUL);
    await assertSessionToken(rig, success.sessionToken);

    await page.goto(rig.page.url);
    await waitForView(session, 'primary-auth');
    await classicPrimaryAuth(session, FORGETFUL, NEW_PASSWORD);
    assert.equal((await classicWidgetSuccess(session)).status, 'SUCCESS');
  }, { firstView: 'primary-auth' }));

  it('unlocks a locked account: LOCKED_OUT leads to Unlock account, the emailed link\'s token unlocks it, the password signs in', () => withWidget(rig, async (session) => {
    const { page } = session;
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      await classicPrimaryAuth(session, LOCKED, 'Wrong-Password-1');
      // Each refusal answered (the widget's afterError) before the next try.
      await page.waitForFunction((n) => (window as unknown as { widgetErrors: unknown[] }).widgetErrors.length >= n, i);
    }
    await classicPrimaryAuth(session, LOCKED, 'Wrong-Password-1');
    await waitForView(session, 'account-unlock');
    await form(page).locator('input[name="username"]').fill(LOCKED);
    await form(page).locator('[data-se="email-button"]').click();
    await waitForView(session, 'account-unlock-email-sent');

    await page.goto(`${rig.page.url}?recoveryToken=${encodeURIComponent(await emailedToken(LOCKED, 'account-unlock-link'))}`);
    await waitForView(session, 'account-unlocked');
    await page.goto(rig.page.url);
    await waitForView(session, 'primary-auth');
    await classicPrimaryAuth(session, LOCKED, TEST.password);
    const success = await classicWidgetSuccess(session);
    assert.equal(success.login, LOCKED);
    await assertSessionToken(rig, success.sessionToken);
  }, { firstView: 'primary-auth' }));
});
