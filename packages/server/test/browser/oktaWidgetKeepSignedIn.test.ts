import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSignedIn, form, screenshotState, startWidgetRig, withWidget, type OktaWidgetRig } from '../support/oktaWidget.js';
import { acceptStaySignedIn, sessionCookie, upToStaySignedIn } from '../support/oktaWidgetKeepSignedIn.js';
import { TEST } from '../support/testOrg.js';
import { keepSignedInOrg } from '../support/keepSignedInOrg.js';

let rig: OktaWidgetRig;
before(async () => {
  // The org asks "Stay signed in?" after sign-in at every sign-in (no rule frequency); MFA by email.
  rig = await startWidgetRig(keepSignedInOrg('BEFORE_AND_AFTER_SIGN_IN'));
});
after(() => rig?.stop());

it('@okta/okta-signin-widget v7 shows Latchkey\'s keep-me-signed-in as its "Stay signed in" view; accepting signs in with a persistent session', () => withWidget(rig, async (session) => {
  await upToStaySignedIn(rig, session, TEST.user);
  await screenshotState(session, 'keep-me-signed-in');
  await acceptStaySignedIn(rig, session, TEST.user);
}));

it('@okta/okta-signin-widget v7, "Don\'t stay signed in": signed in with a cookie that ends with the browser', () => withWidget(rig, async (session) => {
  await upToStaySignedIn(rig, session, TEST.otherUser);
  await form(session.page).locator('[data-se="do-not-stay-signed-in-btn"]').click();
  await assertSignedIn(rig, session, ['pwd', 'email', 'mfa'], TEST.otherUser);
  assert.equal((await sessionCookie(session)).expires, -1);
}));
