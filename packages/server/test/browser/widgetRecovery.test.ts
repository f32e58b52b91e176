import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { introspect } from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { checkState, fillAndSubmit, withWidget, startRig, waitForRender, widget, widgetResult, type Rig } from './widgetHarness.js';
import { sendResetLink } from '../../src/org/recoveryTokens.js';
import { OutboxSender } from '../../src/platform/delivery/outboxSender.js';
import { systemClock } from '../../src/platform/clock.js';

const NEW_PASSWORD = 'Fresh-Start-2468';
/** Someone who is sent a reset link. */
const LINKED = 'rita@example.com';

let rig: Rig;
before(async () => {
  const org = testOrg();
  rig = await startRig({ ...org, users: [...org.users, { login: LINKED, profile: { firstName: 'Rita' }, password: TEST.password, groups: ['Engineering'] }] });
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

  it('recoveryToken: the token of an emailed reset link starts the widget at the new password; then signed in with the new one', async () => {
    const { store } = rig.server.lk;
    const link = (await sendResetLink(store, systemClock, new OutboxSender(store.outbox, systemClock), rig.server.url, LINKED))!;
    assert.ok((await latestEmailText(rig.server.url, LINKED)).includes(link), 'the link is emailed');
    const recoveryToken = decodeURIComponent(link.split('/').pop()!);
    await withWidget(rig, { options: { recoveryToken }, firstForm: 'reset-authenticator' }, async (session) => {
      await widget(session.page).getByRole('heading', { name: 'Reset your password' }).waitFor();
      await fillAndSubmit(session, { 'New password': NEW_PASSWORD }, 'Reset Password');
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, LINKED);
    });
  });
});
