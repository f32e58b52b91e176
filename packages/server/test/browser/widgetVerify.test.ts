import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST, twoFactorOrg } from '../support/testOrg.js';
import { checkState, fillAndSubmit, renderCount, startRig, waitForRender, widget, widgetResult, withWidget, type Rig, type Session } from './widgetHarness.js';

/** The 2FA org, whose test user must enrol Latchkey Verify (okta_verify) after the password. */
function pushOrg() {
  const org = twoFactorOrg();
  return {
    ...org,
    users: org.users.map((u) => (u.login === TEST.user ? { ...u, emailVerified: false } : u)),
    policies: [
      ...org.policies,
      {
        type: 'MFA_ENROLL', name: 'Push required', priority: 1, conditions: {},
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'okta_verify', enroll: { self: 'REQUIRED' } }] },
      },
    ],
  };
}

let rig: Rig;
before(async () => {
  rig = await startRig(pushOrg());
});
after(() => rig?.stop());

async function passwordDone(session: Session, next: string): Promise<void> {
  await fillAndSubmit(session, { Username: TEST.user }, 'Next');
  await waitForRender(session, 'challenge-authenticator', 'okta_password');
  await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
  await waitForRender(session, next, 'okta_verify');
}

describe('Latchkey widget with Latchkey Verify, the device page as the device', () => {
  it('enrols by the QR code\'s URI on the device page; a push approved there with the number shown signs in (amr pwd, swk, mfa); a denied one shows Okta\'s rejection, polling stops, and Send again sends a new push', async () => {
    await withWidget(rig, {}, async (session) => {
      await passwordDone(session, 'enroll-poll');
      const card = widget(session.page);
      await card.getByText('On your device, open Latchkey Verify and scan this QR code.').waitFor();
      assert.match(await card.locator('[data-se="qrcode"]').getAttribute('src') ?? '', /^data:image\/png;base64,/);
      const uri = (await card.locator('[data-se="enrollment-uri"]').textContent())!;
      assert.match(uri, /^latchkey-verify:\/\/enroll\?/);
      await checkState(session, 'verify-enroll-qr');

      const device = await session.page.context().newPage();
      await device.goto(`${rig.server.url}/verify`);
      await device.getByLabel('Enrollment code').fill(uri);
      await device.getByLabel('Device name').fill('Test phone');
      await device.getByRole('button', { name: 'Set up this device' }).click();
      await device.getByText('No pending sign-in.').waitFor();
      const enrolled = await widgetResult(session);
      assert.deepEqual(enrolled.idToken.claims.amr, ['pwd', 'swk', 'mfa']);

      // Later sign-ins in other browsers (no session to reuse); the device page stays open.
      const push = device.locator('.push');
      await withWidget(rig, {}, async (again) => {
        await passwordDone(again, 'challenge-poll');
        const card = widget(again.page);
        const number = (await card.locator('[data-se="correct-answer"]').textContent())!;
        assert.match(number, /^\d\d$/);
        await card.getByText('On your device, choose this number in the Latchkey Verify prompt to continue.').waitFor();
        await checkState(again, 'verify-push-number');
        await push.waitFor();
        assert.equal(await push.getByRole('button').count(), 4, 'three numbers and Deny');
        await push.getByRole('button', { name: number, exact: true }).click();
        await device.getByText('Approved.').waitFor();
        const signedIn = await widgetResult(again);
        assert.deepEqual(signedIn.idToken.claims.amr, ['pwd', 'swk', 'mfa']);
      });

      // Denied on the device: the widget shows Okta's rejection and stops waiting.
      await withWidget(rig, {}, async (denied) => {
        await passwordDone(denied, 'challenge-poll');
        await push.getByRole('button', { name: 'No, deny' }).click();
        await device.getByText('Denied.').waitFor();
        await widget(denied.page).getByRole('alert').getByText('You have chosen to reject this login.').waitFor();
        await checkState(denied, 'verify-push-rejected');
        const renders = await renderCount(denied);
        await denied.page.waitForTimeout(5000);
        assert.equal(await renderCount(denied), renders, 'no more polling after the rejection');
        await widget(denied.page).getByRole('button', { name: 'Send again' }).click();
        await waitForRender(denied, 'challenge-poll', 'okta_verify', renders);
        await push.getByRole('button', { name: 'No, deny' }).waitFor();
      });
    });
  });
});
