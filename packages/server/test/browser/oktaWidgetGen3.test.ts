import { after, before, describe, it } from 'node:test';
import {
  answerChallenge, assertSignedIn, BUNDLES, formError, identify, screenshotState, showCodeEntry, startWidgetRig, waitForView, withWidget,
  type OktaWidgetRig, type WidgetSession,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST, twoFactorOrg } from '../support/testOrg.js';

// Gen3 of the widget (okta-sign-in.next.js, in the same v7 package): what Okta's hosted page runs.
let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(twoFactorOrg(), BUNDLES.gen3);
});
after(() => rig?.stop());

async function verifyWithEmailedCode(session: WidgetSession): Promise<void> {
  await waitForView(session, 'challenge-authenticator', 'okta_email');
  await screenshotState(session, 'email-challenge');
  await showCodeEntry(session);
  await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, TEST.user)));
  await assertSignedIn(rig, session, ['pwd', 'email', 'mfa']);
}

describe('@okta/okta-signin-widget v7 Gen3 (Interaction Code flow) signs in with a password and an emailed code', () => {
  it('identify, password, emailed code: showSignInToGetTokens() resolves tokens Latchkey vouches for', () => withWidget(rig, async (session) => {
    await screenshotState(session, 'identify');
    await identify(session, TEST.user);
    await waitForView(session, 'challenge-authenticator', 'okta_password');
    await screenshotState(session, 'password');
    await answerChallenge(session, TEST.password);
    await verifyWithEmailedCode(session);
  }));

  it('a wrong password shows Okta\'s "Password is incorrect", and the right one goes on to the email', () => withWidget(rig, async (session) => {
    await identify(session, TEST.user);
    await waitForView(session, 'challenge-authenticator', 'okta_password');
    await answerChallenge(session, 'Wrong-Horse-1');
    await formError(session, 'Password is incorrect');
    await screenshotState(session, 'error-wrong-password');
    await answerChallenge(session, TEST.password);
    await verifyWithEmailedCode(session);
  }));
});
