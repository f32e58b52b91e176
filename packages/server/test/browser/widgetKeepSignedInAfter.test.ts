import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST } from '../support/testOrg.js';
import { keepSignedInOrg } from '../support/keepSignedInOrg.js';
import { sessionCookie } from '../support/oktaWidgetKeepSignedIn.js';
import { checkState, fillAndSubmit, startRig, waitForRender, widget, widgetResult, withWidget, type Rig, type Session } from './widgetHarness.js';

let rig: Rig;
before(async () => {
  // The org asks "Stay signed in?" after sign-in at every sign-in (no rule frequency); MFA by email.
  rig = await startRig(keepSignedInOrg('BEFORE_AND_AFTER_SIGN_IN'));
});
after(() => rig?.stop());

/** The password and the emailed code with our widget, up to the "Stay signed in?" prompt. */
async function upToPrompt(session: Session, login: string): Promise<void> {
  await fillAndSubmit(session, { Username: login }, 'Next');
  await waitForRender(session, 'challenge-authenticator', 'okta_password');
  await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
  await waitForRender(session, 'challenge-authenticator', 'okta_email');
  await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmailText(rig.server.url, login)) }, 'Verify');
  await waitForRender(session, 'keep-me-signed-in');
}

it('our widget shows "Stay signed in?" with its two answers and no sign-out link; "Stay signed in" signs in with a persistent session', async () => {
  await withWidget(rig, {}, async (session) => {
    await upToPrompt(session, TEST.user);
    const card = widget(session.page);
    await card.getByRole('heading', { name: 'Stay signed in?' }).waitFor();
    assert.equal(await card.getByRole('button', { name: 'Back to sign in' }).count(), 0);
    await checkState(session, 'keep-me-signed-in');
    await card.getByRole('button', { name: 'Stay signed in', exact: true }).click();
    assert.equal((await widgetResult(session)).idToken.claims.email, TEST.user);
    assert.notEqual((await sessionCookie(session)).expires, -1, 'the session cookie outlives the browser');
  });
});

it('our widget, "Don\'t stay signed in": signed in with a cookie that ends with the browser', async () => {
  await withWidget(rig, {}, async (session) => {
    await upToPrompt(session, TEST.otherUser);
    await widget(session.page).getByRole('button', { name: 'Don\'t stay signed in' }).click();
    assert.equal((await widgetResult(session)).idToken.claims.email, TEST.otherUser);
    assert.equal((await sessionCookie(session)).expires, -1);
  });
});

it('our widget in German asks "Angemeldet bleiben?"', async () => {
  await withWidget(rig, { options: { language: 'de' } }, async (session) => {
    await fillAndSubmit(session, { Benutzername: TEST.user }, 'Weiter');
    await waitForRender(session, 'challenge-authenticator', 'okta_password');
    await widget(session.page).locator('input[type=password]').fill(TEST.password);
    await widget(session.page).locator('button[type=submit]').click();
    await waitForRender(session, 'challenge-authenticator', 'okta_email');
    await widget(session.page).locator('input[name="credentials.passcode"]').fill(codeIn(await latestEmailText(rig.server.url, TEST.user)));
    await widget(session.page).locator('button[type=submit]').click();
    await waitForRender(session, 'keep-me-signed-in');
    await widget(session.page).getByRole('heading', { name: 'Angemeldet bleiben?' }).waitFor();
    await widget(session.page).getByRole('button', { name: 'Nicht angemeldet bleiben' }).click();
    assert.equal((await widgetResult(session)).idToken.claims.email, TEST.user);
  });
});
