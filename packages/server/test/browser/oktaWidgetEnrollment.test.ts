import { after, before, describe, it } from 'node:test';
import {
  answerChallenge, assertSignedIn, form, screenshotState, startWidgetRig, waitForView, withWidget, type OktaWidgetRig, type WidgetSession,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { passwordFirstOrg } from '../support/enrollmentOrg.js';
import { TEST } from '../support/testOrg.js';

/** Two people whose email is not verified yet (each test changes one's enrollments). */
const NEW_PEOPLE = { skipping: 'nora@example.com', enrolling: 'noel@example.com' };

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(passwordFirstOrg(Object.values(NEW_PEOPLE)));
});
after(() => rig?.stop());

/** Username and password on the one identify form; the widget then offers the email to set up. */
async function signInToEnrollmentChoice(session: WidgetSession, username: string): Promise<void> {
  await form(session.page).locator('input[name="identifier"]').fill(username);
  await answerChallenge(session, TEST.password);
  await waitForView(session, 'select-authenticator-enroll');
}

describe('@okta/okta-signin-widget v7 (Interaction Code flow): the password on the identify form, and enrolling the email', () => {
  it('username and password on one form, then "Continue" past the optional email: signed in', () => withWidget(rig, async (session) => {
    await screenshotState(session, 'identify-with-password');
    await signInToEnrollmentChoice(session, NEW_PEOPLE.skipping);
    await screenshotState(session, 'enroll-choices');
    await form(session.page).locator('.skip-all').click();
    await assertSignedIn(rig, session, ['pwd'], NEW_PEOPLE.skipping);
  }));

  it('"Set up" the email, type the emailed code: enrolled and signed in', () => withWidget(rig, async (session) => {
    await signInToEnrollmentChoice(session, NEW_PEOPLE.enrolling);
    await form(session.page).locator('.authenticator-row', { hasText: 'Email' }).locator('.select-factor').click();
    await waitForView(session, 'enroll-authenticator', 'okta_email');
    await screenshotState(session, 'enroll-email');
    await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, NEW_PEOPLE.enrolling)));
    await assertSignedIn(rig, session, ['pwd', 'email', 'mfa'], NEW_PEOPLE.enrolling);
  }));
});
