import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authenticator } from 'otplib';
import { introspect } from '../support/oktaWidget.js';
import { TEST, twoFactorOrg } from '../support/testOrg.js';
import { addTotpEnrollment } from '../support/totpEnrollments.js';
import { checkState, fillAndSubmit, startRig, waitForRender, widget, widgetResult, withWidget, type Rig, type Session } from './widgetHarness.js';

const PERSON = 'tara@example.com';
/** Has two google_otp enrollments (added by the test). */
const TWICE = 'tim@example.com';
const TOTP_GROUP = 'TOTP required';

/**
 * The SPA asks two factors, the password with the username (primaryFactor PASSWORD_IDP); PERSON has
 * no verified email and must enroll google_otp (the enrollment policy of their group).
 */
function org() {
  const base = twoFactorOrg();
  return {
    ...base,
    groups: [...base.groups, { name: TOTP_GROUP }],
    users: [
      ...base.users,
      { login: PERSON, profile: { firstName: 'Tara', lastName: 'Tester' }, password: TEST.password, groups: ['Engineering', TOTP_GROUP], emailVerified: false },
      { login: TWICE, profile: { firstName: 'Tim', lastName: 'Tester' }, password: TEST.password, groups: ['Engineering'] },
    ],
    policies: [
      ...base.policies,
      {
        type: 'OKTA_SIGN_ON', name: 'Password first', priority: 1, conditions: {},
        rules: [{ name: 'Everyone', priority: 1, conditions: {}, actions: { signon: { access: 'ALLOW', primaryFactor: 'PASSWORD_IDP' } } }],
      },
      {
        type: 'MFA_ENROLL', name: 'TOTP required', priority: 1, conditions: { people: { groups: { include: [TOTP_GROUP] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'google_otp', enroll: { self: 'REQUIRED' } }] },
      },
    ],
  };
}

let rig: Rig;
before(async () => {
  rig = await startRig(org());
});
after(() => rig?.stop());

const signIn = (session: Session, login = PERSON) => fillAndSubmit(session, { Username: login, Password: TEST.password }, 'Sign in');

/** The app's code `stepsAhead` time steps from now (the server takes the next step's code too: an app a little ahead). */
const codeFor = (secret: string, stepsAhead = 0) => authenticator.clone({ epoch: Date.now() + stepsAhead * 30_000 }).generate(secret);

describe('Latchkey widget: google_otp', () => {
  it('enrols from the secret shown beside the QR code, then the next sign-in asks a code of the app', async () => {
    let secret = '';
    await withWidget(rig, {}, async (session) => {
      await signIn(session);
      const enroll = await waitForRender(session, 'enroll-authenticator', 'google_otp');
      assert.equal(enroll.controller, null);
      const card = widget(session.page);
      await card.getByRole('heading', { name: 'Set up Google Authenticator' }).waitFor();
      const qr = card.getByRole('img', { name: 'Scan QR code' });
      assert.ok(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100 && img.src.startsWith('data:image/png;base64,')), 'the QR code is shown');
      secret = (await card.locator('[data-se="shared-secret"]').textContent()) ?? '';
      assert.match(secret, /^[A-Z2-7]{32}$/);
      await checkState(session, 'enroll-google-otp');
      await fillAndSubmit(session, { 'Enter code displayed from application': codeFor(secret) }, 'Verify');
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, PERSON);
      assert.deepEqual([...tokens.idToken.claims.amr].sort(), ['mfa', 'otp', 'pwd']);
    });

    await withWidget(rig, {}, async (session) => {
      await signIn(session);
      const challenge = await waitForRender(session, 'challenge-authenticator', 'google_otp');
      assert.equal(challenge.controller, 'mfa-verify');
      const card = widget(session.page);
      await card.getByRole('heading', { name: 'Verify with Google Authenticator' }).waitFor();
      assert.equal(await card.locator('[data-se="shared-secret"], .lk-qrcode').count(), 0, 'the secret is shown only while enrolling');
      await checkState(session, 'challenge-google-otp');
      // The enrolling code's step is used: the app's next code.
      await fillAndSubmit(session, { 'Enter code': codeFor(secret, 1) }, 'Verify');
      const tokens = await widgetResult(session);
      assert.deepEqual([...tokens.idToken.claims.amr].sort(), ['mfa', 'otp', 'pwd']);
    });
  });

  it('two enrollments: a choice each; the second chosen, its code signs in', async () => {
    await addTotpEnrollment(rig.server, TWICE);
    const second = await addTotpEnrollment(rig.server, TWICE);
    await withWidget(rig, {}, async (session) => {
      await signIn(session, TWICE);
      await waitForRender(session, 'select-authenticator-authenticate');
      const choices = widget(session.page).getByRole('button', { name: 'Google Authenticator' });
      assert.equal(await choices.count(), 2);
      await choices.nth(1).click();
      await waitForRender(session, 'challenge-authenticator', 'google_otp');
      await fillAndSubmit(session, { 'Enter code': codeFor(second.secret) }, /^Verify$/);
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, TWICE);
    });
  });
});
