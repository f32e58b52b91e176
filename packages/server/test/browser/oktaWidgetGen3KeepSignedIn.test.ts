import { after, before, it } from 'node:test';
import { BUNDLES, screenshotState, startWidgetRig, withWidget, type OktaWidgetRig } from '../support/oktaWidget.js';
import { acceptStaySignedIn, upToStaySignedIn } from '../support/oktaWidgetKeepSignedIn.js';
import { TEST } from '../support/testOrg.js';
import { keepSignedInOrg } from '../support/keepSignedInOrg.js';

// Gen3 of the widget (okta-sign-in.next.js, in the same v7 package): what Okta's hosted page runs.
let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(keepSignedInOrg('BEFORE_AND_AFTER_SIGN_IN'), BUNDLES.gen3);
});
after(() => rig?.stop());

it('@okta/okta-signin-widget v7 Gen3 shows keep-me-signed-in with its two buttons; "Stay signed in" signs in with a persistent session', () => withWidget(rig, async (session) => {
  await upToStaySignedIn(rig, session, TEST.user);
  await screenshotState(session, 'keep-me-signed-in');
  await acceptStaySignedIn(rig, session, TEST.user);
}));
