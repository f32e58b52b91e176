import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { introspect } from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { checkState, fillAndSubmit, withWidget, startRig, waitForRender, widget, widgetResult, type Rig } from './widgetHarness.js';

const NEW_PASSWORD = 'Fresh-Start-2468';

let rig: Rig;
before(async () => {
  rig = await startRig(testOrg());
});
after(() => rig?.stop());

describe('Latchkey widget: password recovery', () => {
  it('"Forgot password?", the emailed code, a new password (a weak one refused on its field): signed in', async () => {
    await withWidget(rig, {}, async (session) => {
      await fillAndSubmit(session, { Username: TEST.user }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await widget(session.page).getByRole('button', { name: 'Forgot password?' }).click();
      await waitForRender(session, 'challenge-authenticator', 'okta_email');
      await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmailText(rig.server.url, TEST.user)) }, 'Verify');

      const reset = await waitForRender(session, 'reset-authenticator', 'okta_password');
      assert.equal(reset.controller, 'forgot-password');
      const card = widget(session.page);
      await card.getByRole('heading', { name: 'Reset your password' }).waitFor();
      await card.getByText(/Password requirements: at least 8 characters/).waitFor();
      assert.equal(await card.getByLabel('New password', { exact: true }).getAttribute('autocomplete'), 'new-password');
      await checkState(session, 'recovery-new-password');

      await fillAndSubmit(session, { 'New password': 'short' }, 'Reset Password');
      await session.page.waitForFunction(() => document.querySelector('[name="credentials.passcode"]')?.getAttribute('aria-invalid') === 'true');
      await fillAndSubmit(session, { 'New password': NEW_PASSWORD }, 'Reset Password');
      const tokens = await widgetResult(session);
      const introspected = await introspect(rig.server, tokens.accessToken.accessToken);
      assert.equal(introspected.sub, TEST.user);
      assert.deepEqual(tokens.idToken.claims.amr, ['email', 'pwd', 'mfa']);
    });
  });
});
