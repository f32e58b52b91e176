import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { introspect } from '../support/oktaWidget.js';
import { codeIn, latestEmailText, linkIn } from '../support/outbox.js';
import { TEST, twoFactorOrg } from '../support/testOrg.js';
import {
  checkState, fillAndSubmit, withWidget, renderCount, startRig, waitForRender, widget, widgetResult, type Rig, type Session,
} from './widgetHarness.js';

let rig: Rig;
before(async () => {
  rig = await startRig(twoFactorOrg());
});
after(() => rig?.stop());

const latestEmail = () => latestEmailText(rig.server.url, TEST.user);

/** Identify and password: the widget then shows the email challenge. */
async function reachEmailChallenge(session: Session): Promise<void> {
  await fillAndSubmit(session, { Username: TEST.user }, 'Next');
  await waitForRender(session, 'challenge-authenticator', 'okta_password');
  await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
  await waitForRender(session, 'challenge-authenticator', 'okta_email');
}

async function assertSignedInWithEmail(session: Session): Promise<void> {
  const tokens = await widgetResult(session);
  const introspected = await introspect(rig.server, tokens.accessToken.accessToken);
  assert.equal(introspected.active, true);
  assert.equal(introspected.sub, TEST.user);
  assert.deepEqual(tokens.idToken.claims.amr, ['pwd', 'email', 'mfa']);
}

describe('Latchkey widget: password and email', () => {
  it('password, then the emailed code: tokens with amr pwd, email, mfa', async () => {
    await withWidget(rig, {}, async (session) => {
      await reachEmailChallenge(session);
      const card = widget(session.page);
      await card.getByText(/We sent an email to a\*a@e\*+e\.com\. Click the verification link/).waitFor();
      await card.getByRole('button', { name: 'Send again' }).waitFor();
      assert.equal(await card.getByLabel('Enter code', { exact: true }).getAttribute('autocomplete'), 'one-time-code');
      await checkState(session, 'email-challenge');

      await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmail()) }, 'Verify');
      await assertSignedInWithEmail(session);
    });
  });

  it("a wrong code is the passcode field's error (aria-invalid, described by it); the right code then signs in", async () => {
    await withWidget(rig, {}, async (session) => {
      await reachEmailChallenge(session);
      const code = codeIn(await latestEmail());
      await fillAndSubmit(session, { 'Enter code': code === '000000' ? '111111' : '000000' }, 'Verify');
      const field = widget(session.page).getByLabel('Enter code', { exact: true });
      await session.page.waitForFunction(() => document.querySelector('[name="credentials.passcode"]')?.getAttribute('aria-invalid') === 'true');
      const describedBy = await field.getAttribute('aria-describedby');
      assert.equal(await session.page.locator(`[id="${describedBy}"]`).textContent(), 'Invalid code. Try again.');
      await widget(session.page).getByRole('alert').getByText('We found some errors').waitFor();
      await checkState(session, 'error-wrong-code');

      await fillAndSubmit(session, { 'Enter code': code }, 'Verify');
      await assertSignedInWithEmail(session);
    });
  });

  it('the magic link opened elsewhere: the waiting widget polls and finishes by itself', async () => {
    await withWidget(rig, {}, async (session) => {
      await reachEmailChallenge(session);
      const waiting = await renderCount(session);
      const opened = await fetch(linkIn(await latestEmail())); // the link, in another browser
      assert.equal(opened.status, 200);
      await assertSignedInWithEmail(session);
      assert.equal(await renderCount(session), waiting, 'polls that found nothing new left the form as it was');
    });
  });

  it('"Send again" sends a new code, says so politely, and the new code signs in', async () => {
    await withWidget(rig, {}, async (session) => {
      await reachEmailChallenge(session);
      const before = await renderCount(session);
      await widget(session.page).getByRole('button', { name: 'Send again' }).click();
      await waitForRender(session, 'challenge-authenticator', 'okta_email', before);
      await widget(session.page).getByRole('status').getByText('A new code is on its way.').waitFor();
      await checkState(session, 'email-resent');
      const second = codeIn(await latestEmail());
      await fillAndSubmit(session, { 'Enter code': second }, 'Verify');
      await assertSignedInWithEmail(session);
    });
  });
});
