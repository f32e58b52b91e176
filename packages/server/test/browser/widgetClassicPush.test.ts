import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceClient } from '../../src/cli/verify/deviceClient.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { checkState, fillAndSubmit, startRig, widget, withWidget, type Rig, type Session } from './widgetHarness.js';
import { CLASSIC, classicSuccess, dashboardPolicy, waitForScreen } from './widgetClassicHarness.js';

/**
 * Latchkey's widget in Classic mode with a push factor (Latchkey Verify) and a real device client:
 * enrolled by the QR code's URI while the widget polls MFA_ENROLL_ACTIVATE, then verified: a push
 * denied on the device shows REJECTED, "Re-send Push" sends another, approved with the number the
 * widget shows; each answer reaches the widget by its polling.
 */

const TWO_FACTORS = 'Two factors';
const PERSON = 'paul@example.com';
const deviceDir = mkdtempSync(join(tmpdir(), 'latchkey-widget-classic-push-'));

function org() {
  const base = testOrg();
  return {
    ...base,
    groups: [...base.groups, { name: TWO_FACTORS }],
    users: [...base.users, { login: PERSON, profile: { firstName: 'Paul', email: PERSON }, password: TEST.password, groups: ['Engineering', TWO_FACTORS], emailVerified: true }],
    policies: [
      dashboardPolicy(TWO_FACTORS),
      {
        type: 'MFA_ENROLL', name: 'Push', priority: 1, conditions: { people: { groups: { include: [TWO_FACTORS] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'okta_verify', enroll: { self: 'REQUIRED' } }, { key: 'okta_email', enroll: { self: 'NOT_ALLOWED' } }] },
      },
    ],
  };
}

let rig: Rig;
before(async () => {
  rig = await startRig(org());
});
after(async () => {
  await rig?.stop();
  rmSync(deviceDir, { recursive: true, force: true });
});

const classic = (test: (session: Session) => Promise<void>) => withWidget(rig, { options: CLASSIC, firstForm: 'UNAUTHENTICATED' }, test);
const signIn = (session: Session) => fillAndSubmit(session, { Username: PERSON, Password: TEST.password }, 'Sign In');

describe('Latchkey widget in Classic mode: push', () => {
  it('enrolls Latchkey Verify by its QR code\'s URI, then a push denied, sent again and approved with the number shown', async () => {
    let device: DeviceClient | undefined;
    await classic(async (session) => {
      const card = widget(session.page);
      await signIn(session);
      await waitForScreen(session, 'enroll-choices');
      await card.getByRole('button', { name: /^Latchkey Verify/ }).click();
      await waitForScreen(session, 'barcode-push');
      await checkState(session, 'classic-enroll-push');
      const uri = (await card.locator('[data-se="enrollment-uri"]').textContent()) ?? '';
      device = await DeviceClient.enroll(uri, 'Paul\'s phone', join(deviceDir, 'device.json'));
      assert.equal((await classicSuccess(session)).login, PERSON);
    });

    await classic(async (session) => {
      const card = widget(session.page);
      await signIn(session);
      await waitForScreen(session, 'mfa-verify');
      await card.getByRole('heading', { name: 'Latchkey Verify' }).waitFor();
      await card.getByRole('button', { name: 'Send Push' }).click();
      await waitForScreen(session, 'mfa-verify', 1);
      await checkState(session, 'classic-mfa-challenge-push');
      const [denied] = await device!.pending();
      await device!.answer(denied.id, 'deny');
      await card.getByRole('alert').getByText('You have chosen to reject this login.').waitFor({ timeout: 15_000 });
      await checkState(session, 'classic-mfa-challenge-push-rejected');

      await card.getByRole('button', { name: 'Re-send Push' }).click();
      await card.locator('.lk-spinner').waitFor();
      const number = (await card.locator('[data-se="correct-answer"]').textContent()) ?? '';
      assert.match(number, /^\d+$/);
      const [push] = await device!.pending();
      assert.equal(await device!.answer(push.id, 'approve', Number(number)), 'APPROVED');
      assert.equal((await classicSuccess(session)).login, PERSON);
    });
  });
});
