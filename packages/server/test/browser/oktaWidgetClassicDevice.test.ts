/**
 * The real Okta Sign-In Widget (v7) in Classic mode against Latchkey in Chromium: its "Do not
 * challenge me on this device" box (shown from MFA_REQUIRED's `_embedded.policy`) remembers the
 * browser (its DT cookie) under a per-device MFA rule, so the next sign-in there ends with the
 * password; and the `relayState` it sends with "Forgot password?" comes back to its success callback
 * through the emailed link.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authenticator } from 'otplib';
import {
  classicForgotPasswordByEmail, classicPrimaryAuth, classicResetWithToken, classicWidgetPageHtml, classicWidgetSuccess, startWidgetRig, submitForm, waitForView, withWidget,
  type OktaWidgetRig, type WidgetSession,
} from '../support/oktaWidget.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { emailedRecoveryToken } from '../support/outbox.js';

const DEVICE_USER = 'dev@example.com';
const FORGETFUL = 'fern@example.com';
const NEW_PASSWORD = 'Fresh-Start-2468';
const RELAY = '/app/after/sign-in?tab=2';
const TOTP_SECRET = authenticator.generateSecret(20);

let rig: OktaWidgetRig;
before(async () => {
  const base = testOrg();
  const person = (login: string, extra: Record<string, unknown> = {}) =>
    ({ login, profile: { firstName: 'Pat', email: login }, password: TEST.password, groups: ['Engineering'], emailVerified: true, ...extra });
  // The device's user has TOTP only (no verified email): the widget shows the TOTP form at once.
  const org = {
    ...base,
    groups: [...base.groups, { name: 'Per device' }],
    users: [...base.users, person(DEVICE_USER, { groups: ['Engineering', 'Per device'], emailVerified: false, authenticatorEnrollments: [{ key: 'google_otp', secret: TOTP_SECRET }] }), person(FORGETFUL)],
    policies: [
      {
        type: 'OKTA_SIGN_ON', name: 'Per device', priority: 1, conditions: { people: { groups: { include: ['Per device'] } } },
        rules: [{ name: 'MFA per device', priority: 1, conditions: {}, actions: { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'DEVICE', factorLifetime: 60 } } }],
      },
      {
        type: 'PASSWORD', name: 'Everyone', priority: 1, conditions: {},
        rules: [{ name: 'By email', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['email'] } } } } }],
      },
    ],
  };
  rig = await startWidgetRig(org, undefined, undefined, classicWidgetPageHtml);
});
after(() => rig?.stop());

const primaryAuth = (session: WidgetSession, username: string) => classicPrimaryAuth(session, username, TEST.password);

/** The TOTP form the widget shows for MFA_REQUIRED, answered; `remember`: its "Do not challenge me" box checked. */
async function answerTotp(session: WidgetSession, remember: boolean): Promise<void> {
  const { page } = session;
  await waitForView(session, 'mfa-verify');
  // The TOTP form is the widget's factor-totp form, not its generic one.
  const totp = page.locator('#app form[data-se="factor-totp"]');
  const box = totp.locator('input[name="rememberDevice"]');
  assert.equal(await box.count(), 1, 'the widget offers to remember the device');
  if (remember) await box.check({ force: true });
  await totp.locator('input[name="answer"]').fill(authenticator.generate(TOTP_SECRET));
  await page.waitForTimeout(250);
  await totp.locator('input[type="submit"]').click();
  session.lastSubmitAt = Date.now();
}

describe('the Okta widget in Classic mode: remembered device and relayState', () => {
  it('"Do not challenge me on this device" checked: the next sign-in in this browser ends with the password; another browser is asked', async () => {
    await withWidget(rig, async (session) => {
      const { page } = session;
      await primaryAuth(session, DEVICE_USER);
      await answerTotp(session, true);
      // The first sign-in offers the optional email (MFA_ENROLL, every factor OPTIONAL, the TOTP ACTIVE): the widget's Finish skips it.
      await waitForView(session, 'enroll-choices');
      await page.waitForTimeout(250);
      await submitForm(session);
      assert.equal((await classicWidgetSuccess(session)).status, 'SUCCESS');

      await page.goto(rig.page.url);
      await waitForView(session, 'primary-auth');
      await primaryAuth(session, DEVICE_USER);
      const again = await classicWidgetSuccess(session);
      assert.equal(again.status, 'SUCCESS');
      assert.ok(again.sessionToken);
    }, { firstView: 'primary-auth' });

    await withWidget(rig, async (session) => {
      await primaryAuth(session, DEVICE_USER);
      await waitForView(session, 'mfa-verify');
    }, { firstView: 'primary-auth' });
  });

  it('the relayState given to "Forgot password?" comes back with the success of the emailed link\'s recovery', () => withWidget(rig, async (session) => {
    const { page } = session;
    await page.goto(`${rig.page.url}?relayState=${encodeURIComponent(RELAY)}`);
    await waitForView(session, 'primary-auth');
    await classicForgotPasswordByEmail(session, FORGETFUL);
    // The link opens a page of its own (without relayState): only the token tells it.
    const success = await classicResetWithToken(session, rig.page.url, await emailedRecoveryToken(rig.server.url, FORGETFUL), NEW_PASSWORD);
    assert.equal(success.status, 'SUCCESS');
    assert.equal(success.relayState, RELAY);
  }, { firstView: 'primary-auth' }));
});
