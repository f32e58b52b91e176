import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdxStatus } from '@okta/okta-auth-js';
import { answerChallenge, assertSignedIn, form, identify, screenshotState, startWidgetRig, waitForView, withWidget, type OktaWidgetRig } from '../support/oktaWidget.js';
import { oktaAuth } from '../support/oktaAuth.js';
import { TEST, twoFactorOrg } from '../support/testOrg.js';
import { DeviceClient } from '../../src/cli/verify/deviceClient.js';

/** The 2FA org, whose test user must enrol Latchkey Verify (okta_verify) after the password: the push is then their only second factor. */
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

let rig: OktaWidgetRig;
let device: DeviceClient;
const dir = mkdtempSync(join(tmpdir(), 'latchkey-okta-widget-verify-'));
before(async () => {
  rig = await startWidgetRig(pushOrg());
  // Enrolled beforehand with okta-auth-js and the device client (Okta's widget shows the QR code only as an image).
  const auth = oktaAuth({ issuer: `${rig.server.url}/oauth2/default`, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
  const enrolling = await auth.idx.authenticate({ username: TEST.user, password: TEST.password });
  const { enrollmentUri } = enrolling.nextStep!.authenticator!.contextualData as { enrollmentUri: string };
  device = await DeviceClient.enroll(enrollmentUri, 'Test phone', join(dir, 'device.json'));
  assert.equal((await auth.idx.poll()).status, IdxStatus.SUCCESS);
});
after(async () => {
  await rig?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('@okta/okta-signin-widget v7: a Latchkey Verify push with the number challenge', () => {
  it('shows the number Okta\'s way; the device approves with it: signed in (pwd, swk, mfa)', () => withWidget(rig, async (session) => {
    await identify(session, TEST.user);
    await answerChallenge(session, TEST.password);
    await waitForView(session, 'challenge-poll', 'okta_verify');
    const [push] = await device.pending();
    const shown = form(session.page).getByText(/^\d\d$/).first();
    await shown.waitFor();
    const number = (await shown.textContent())!.trim();
    assert.ok(push.choices.includes(Number(number)), `${number} is one of ${push.choices.join(', ')}`);
    await screenshotState(session, 'verify-push-number');
    assert.equal(await device.answer(push.id, 'approve', Number(number)), 'APPROVED');
    await assertSignedIn(rig, session, ['pwd', 'swk', 'mfa']);
  }));
});
