import { after, before, describe, it } from 'node:test';
import {
  answerChallenge, assertSignedIn, form, screenshotState, startWidgetRig, waitForView, withWidget, type OktaWidgetRig, type WidgetSession,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { passwordFirstOrg } from '../support/enrollmentOrg.js';
import { TEST } from '../support/testOrg.js';

/** People whose email is not verified yet (each test changes one's enrollments). */
const NEW_PEOPLE = { skipping: 'nora@example.com', enrolling: 'noel@example.com', postponing: 'nick@example.com' };
/** Nick's group must verify the email, with three skips of grace. */
const GRACE_GROUP = 'Email by the third sign-in';

/** The password-first org; Nick's enrollment policy requires the email with a grace period. */
function org() {
  const base = passwordFirstOrg(Object.values(NEW_PEOPLE));
  return {
    ...base,
    groups: [...base.groups, { name: GRACE_GROUP }],
    users: base.users.map((u) => (u.login === NEW_PEOPLE.postponing ? { ...u, groups: [...(u.groups ?? []), GRACE_GROUP] } : u)),
    policies: [...base.policies, {
      type: 'MFA_ENROLL', name: GRACE_GROUP, priority: 1, conditions: { people: { groups: { include: [GRACE_GROUP] } } },
      settings: { authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'okta_email', enroll: { self: 'REQUIRED', gracePeriod: { type: 'BY_SKIP_COUNT', skipCount: 3 } } }] },
    }],
  };
}

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(org());
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

  it('a required email within its grace period: "3 skips remaining" beside it, and "Remind me later" signs in', () => withWidget(rig, async (session) => {
    await signInToEnrollmentChoice(session, NEW_PEOPLE.postponing);
    await form(session.page).locator('.authenticator-grace-period-skip-count-description', { hasText: '3 skips remaining' }).waitFor();
    await screenshotState(session, 'enroll-choices-grace-period');
    await form(session.page).locator('.skip-all', { hasText: 'Remind me later' }).click();
    await assertSignedIn(rig, session, ['pwd'], NEW_PEOPLE.postponing);
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
