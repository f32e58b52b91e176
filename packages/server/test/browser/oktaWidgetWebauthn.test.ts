import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerChallenge, assertSignedIn, form, identify, screenshotState, startWidgetRig, waitForView, withWidget, BUNDLES, type OktaWidgetRig } from '../support/oktaWidget.js';
import { TEST } from '../support/testOrg.js';
import { virtualAuthenticator } from '../support/virtualAuthenticator.js';
import { webauthnOrg } from '../support/webauthnOrg.js';

/** Enrolls a key in the first test; the second signs in with the credential it made. */
const PERSON = 'olga@example.com';

let rig: OktaWidgetRig;
let enrolledCredentials: unknown[] = [];
before(async () => {
  rig = await startWidgetRig(webauthnOrg([PERSON]), BUNDLES.gen2, 'localhost');
});
after(() => rig?.stop());

describe('@okta/okta-signin-widget v7: WebAuthn in Chromium (virtual authenticator)', () => {
  it('after the password, "Set up" registers a security key from Latchkey\'s activationData: signed in (hwk, mfa)', () => withWidget(rig, async (session) => {
    const { cdp, authenticatorId } = await virtualAuthenticator(session.page);
    await identify(session, PERSON);
    await waitForView(session, 'challenge-authenticator', 'okta_password');
    await answerChallenge(session, TEST.password);
    await waitForView(session, 'enroll-authenticator', 'webauthn');
    await screenshotState(session, 'enroll-webauthn');
    await form(session.page).locator('.webauthn-setup').click();
    await assertSignedIn(rig, session, ['pwd', 'hwk', 'mfa'], PERSON);
    enrolledCredentials = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  }));

  it('signs in with the key as the second factor: the widget lists it in allowCredentials and answers challengeData', () => withWidget(rig, async (session) => {
    assert.equal(enrolledCredentials.length, 1, 'the enrollment test ran');
    await virtualAuthenticator(session.page, enrolledCredentials);
    await identify(session, PERSON);
    await waitForView(session, 'challenge-authenticator', 'okta_password');
    await answerChallenge(session, TEST.password);
    await waitForView(session, 'challenge-authenticator', 'webauthn');
    await screenshotState(session, 'verify-webauthn');
    // The widget asks the browser at once; its Verify button asks again should that be dismissed.
    await assertSignedIn(rig, session, ['pwd', 'hwk', 'mfa'], PERSON);
  }));
});
