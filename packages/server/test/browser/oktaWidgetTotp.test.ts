import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authenticator } from 'otplib';
import {
  answerChallenge, assertSignedIn, form, screenshotState, startWidgetRig, waitForView, withWidget, type OktaWidgetRig, type WidgetSession, submitForm,
} from '../support/oktaWidget.js';
import { TEST, twoFactorOrg } from '../support/testOrg.js';
import { addTotpEnrollment } from '../support/totpEnrollments.js';

const PERSON = 'tobi@example.com';
/** Has two google_otp enrollments (added by the test). */
const TWICE = 'tilda@example.com';
const TOTP_GROUP = 'TOTP required';

/** The SPA asks two factors; PERSON has no verified email and must enroll google_otp (their group's enrollment policy). */
function org() {
  const base = twoFactorOrg();
  return {
    ...base,
    groups: [...base.groups, { name: TOTP_GROUP }],
    users: [
      ...base.users,
      { login: PERSON, password: TEST.password, groups: ['Engineering', TOTP_GROUP], emailVerified: false },
      { login: TWICE, password: TEST.password, groups: ['Engineering'] },
    ],
    policies: [
      ...base.policies,
      {
        type: 'MFA_ENROLL', name: 'TOTP required', priority: 1, conditions: { people: { groups: { include: [TOTP_GROUP] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'google_otp', enroll: { self: 'REQUIRED' } }] },
      },
    ],
  };
}

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(org());
});
after(() => rig?.stop());

/** The app's code `stepsAhead` time steps from now. */
const codeFor = (secret: string, stepsAhead = 0) => authenticator.clone({ epoch: Date.now() + stepsAhead * 30_000 }).generate(secret);

async function passwordDone(session: WidgetSession, login = PERSON): Promise<void> {
  await form(session.page).locator('input[name="identifier"]').fill(login);
  await submitForm(session);
  await waitForView(session, 'challenge-authenticator', 'okta_password');
  await answerChallenge(session, TEST.password);
}

describe('@okta/okta-signin-widget v7 (Interaction Code flow): google_otp', () => {
  it('enrols (QR code, "Can\'t scan?" shows the secret, Next, the code), then the next sign-in challenges it', async () => {
    let secret = '';
    await withWidget(rig, async (session) => {
      await passwordDone(session);
      await waitForView(session, 'enroll-authenticator', 'google_otp');
      const page = form(session.page);
      assert.ok(await page.locator('img.qrcode').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100), 'the QR code is shown');
      await screenshotState(session, 'enroll-google-otp');
      await page.locator('.cannot-scan-link').click();
      secret = (await page.locator('.shared-secret').textContent()) ?? '';
      assert.match(secret, /^[A-Z2-7]{32}$/);
      await page.locator('.google-authenticator-next').click();
      await page.locator('input[name="credentials.passcode"]').fill(codeFor(secret));
      await page.locator('.google-authenticator-verify').click();
      await assertSignedIn(rig, session, ['pwd', 'otp', 'mfa'], PERSON);
    });

    await withWidget(rig, async (session) => {
      await passwordDone(session);
      await waitForView(session, 'challenge-authenticator', 'google_otp');
      await screenshotState(session, 'challenge-google-otp');
      // The enrolling code's step is used: the app's next code.
      await answerChallenge(session, codeFor(secret, 1));
      await assertSignedIn(rig, session, ['pwd', 'otp', 'mfa'], PERSON);
    });
  });

  it('two enrollments: two "Google Authenticator" choices; the second chosen, its code signs in', async () => {
    await addTotpEnrollment(rig.server, TWICE);
    const second = await addTotpEnrollment(rig.server, TWICE);
    await withWidget(rig, async (session) => {
      await passwordDone(session, TWICE);
      await waitForView(session, 'select-authenticator-authenticate');
      const rows = form(session.page).locator('.authenticator-row', { hasText: 'Google Authenticator' });
      assert.equal(await rows.count(), 2);
      await screenshotState(session, 'select-two-google-otp');
      await rows.nth(1).locator('.select-factor').click();
      await waitForView(session, 'challenge-authenticator', 'google_otp');
      await answerChallenge(session, codeFor(second.secret));
      await assertSignedIn(rig, session, ['pwd', 'otp', 'mfa'], TWICE);
    });
  });
});
