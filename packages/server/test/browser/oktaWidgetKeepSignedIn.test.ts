import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerChallenge, assertSignedIn, form, identify, screenshotState, showCodeEntry, startWidgetRig, waitForView, withWidget,
  type OktaWidgetRig, type WidgetSession,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST } from '../support/testOrg.js';
import { keepSignedInOrg } from '../support/keepSignedInOrg.js';

let rig: OktaWidgetRig;
before(async () => {
  // The org asks "Stay signed in?" after sign-in at every sign-in (no rule frequency); MFA by email.
  rig = await startWidgetRig(keepSignedInOrg('BEFORE_AND_AFTER_SIGN_IN'));
});
after(() => rig?.stop());

/** Password and emailed code in Okta's widget, up to its "Keep me signed in" view. */
async function upToPrompt(session: WidgetSession, login: string): Promise<void> {
  await identify(session, login);
  await waitForView(session, 'challenge-authenticator', 'okta_password');
  await answerChallenge(session, TEST.password);
  await waitForView(session, 'challenge-authenticator', 'okta_email');
  await showCodeEntry(session);
  await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, login)));
  await waitForView(session, 'keep-me-signed-in');
  // Gen2 drops a submit within 200 ms of a re-render.
  await session.page.waitForTimeout(250);
}

const sessionCookie = async (session: WidgetSession) => (await session.page.context().cookies()).find((c) => c.name === 'idx')!;

it('@okta/okta-signin-widget v7 shows Latchkey\'s keep-me-signed-in as its "Stay signed in" view; accepting signs in with a persistent session', () => withWidget(rig, async (session) => {
  await upToPrompt(session, TEST.user);
  await screenshotState(session, 'keep-me-signed-in');
  await form(session.page).locator('[data-se="stay-signed-in-btn"]').click();
  await assertSignedIn(rig, session, ['pwd', 'email', 'mfa']);
  assert.notEqual((await sessionCookie(session)).expires, -1, 'the session cookie outlives the browser');
}));

it('@okta/okta-signin-widget v7, "Don\'t stay signed in": signed in with a cookie that ends with the browser', () => withWidget(rig, async (session) => {
  await upToPrompt(session, TEST.otherUser);
  await form(session.page).locator('[data-se="do-not-stay-signed-in-btn"]').click();
  await assertSignedIn(rig, session, ['pwd', 'email', 'mfa'], TEST.otherUser);
  assert.equal((await sessionCookie(session)).expires, -1);
}));
