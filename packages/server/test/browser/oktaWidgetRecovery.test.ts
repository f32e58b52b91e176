import { after, before, describe, it } from 'node:test';
import {
  answerChallenge, assertSignedIn, form, identify, screenshotState, showCodeEntry, startWidgetRig, waitForView, withWidget,
  type OktaWidgetRig, submitForm,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST, testOrg } from '../support/testOrg.js';

const NEW_PASSWORD = 'Fresh-Start-2468';

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(testOrg());
});
after(() => rig?.stop());

describe('@okta/okta-signin-widget v7 recovers a forgotten password against Latchkey', () => {
  it('"Forgot password?" on the password, the emailed code, a new password: signed in with it', () => withWidget(rig, async (session) => {
    await identify(session, TEST.user);
    await waitForView(session, 'challenge-authenticator', 'okta_password');
    await session.page.locator('#app').getByRole('link', { name: 'Forgot password?' }).click();
    await waitForView(session, 'challenge-authenticator', 'okta_email');
    await screenshotState(session, 'recovery-email');
    await showCodeEntry(session);
    await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, TEST.user)));
    await waitForView(session, 'reset-authenticator', 'okta_password');
    await screenshotState(session, 'recovery-new-password');
    await form(session.page).locator('input[name="credentials.passcode"]').fill(NEW_PASSWORD);
    const confirm = form(session.page).locator('input[name="confirmPassword"]');
    if (await confirm.count()) await confirm.fill(NEW_PASSWORD);
    await submitForm(session);
    await assertSignedIn(rig, session, ['email', 'pwd', 'mfa']);
  }));
});
