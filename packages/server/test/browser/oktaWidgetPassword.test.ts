import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerChallenge, assertSignedIn, formError, identify, screenshotState, startWidgetRig, waitForView, widgetRenders, withWidget,
  type OktaWidgetRig, type WidgetSession,
} from '../support/oktaWidget.js';
import { TEST, testOrg } from '../support/testOrg.js';

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(testOrg());
});
after(() => rig?.stop());

async function reachPasswordChallenge(session: WidgetSession): Promise<void> {
  await identify(session, TEST.user);
  await waitForView(session, 'challenge-authenticator', 'okta_password');
}

describe('@okta/okta-signin-widget v7 (Interaction Code flow) signs in with a password', () => {
  it('identify, password, Verify: showSignInToGetTokens() resolves tokens Latchkey vouches for', () => withWidget(rig, async (session) => {
    await screenshotState(session, 'identify');
    await reachPasswordChallenge(session);
    await screenshotState(session, 'password');
    await answerChallenge(session, TEST.password);
    const tokens = await assertSignedIn(rig, session, ['pwd']);
    assert.equal(tokens.idToken.claims.email, TEST.user);
  }));

  it('a wrong password shows Okta\'s "Password is incorrect" in the widget, and the right one then signs in', () => withWidget(rig, async (session) => {
    await reachPasswordChallenge(session);
    await answerChallenge(session, 'Wrong-Horse-1');
    await formError(session, 'Password is incorrect');
    await screenshotState(session, 'error-wrong-password');

    await answerChallenge(session, TEST.password);
    await assertSignedIn(rig, session, ['pwd']);
  }));

  it('a second visit in the same browser is signed in from the session cookie, no form shown', () => withWidget(rig, async (session) => {
    await reachPasswordChallenge(session);
    await answerChallenge(session, TEST.password);
    const first = await assertSignedIn(rig, session, ['pwd']);

    await session.page.goto(rig.page.url);
    const second = await assertSignedIn(rig, session, ['pwd']);
    assert.deepEqual(await widgetRenders(session), []);
    assert.notEqual(second.accessToken.accessToken, first.accessToken.accessToken);
    assert.equal(second.idToken.claims.auth_time, first.idToken.claims.auth_time, 'the same session, not a new sign-in');
  }));
});
