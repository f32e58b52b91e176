import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerChallenge, assertSignedIn, form, formError, identify, screenshotState, startWidgetRig, waitForView, withWidget, type OktaWidgetRig, type WidgetSession, submitForm,
} from '../support/oktaWidget.js';
import { registrationOrg, startRegistrationHook } from '../support/registrationOrg.js';
import { TEST } from '../support/testOrg.js';

/**
 * @okta/okta-signin-widget v7 (Gen2, Interaction Code flow) against Latchkey's self-service
 * registration: "Sign up" on the identify page, Okta's registration form with the policy's
 * attributes, then the password the enrollment policy requires, and the new user signed in.
 */

let rig: OktaWidgetRig;
let hook: Awaited<ReturnType<typeof startRegistrationHook>>;
before(async () => {
  hook = await startRegistrationHook();
  rig = await startWidgetRig(registrationOrg(hook.uri));
});
after(async () => {
  await rig?.stop();
  await hook?.stop();
});

async function fillProfile(session: WidgetSession, email: string): Promise<void> {
  const fields = { email, firstName: 'Grace', lastName: 'Hopper', favoriteSport: 'sailing' };
  for (const [name, value] of Object.entries(fields)) await form(session.page).locator(`input[name="userProfile.${name}"]`).fill(value);
  await submitForm(session);
}

async function openSignUp(session: WidgetSession): Promise<void> {
  await session.page.getByRole('link', { name: 'Sign up' }).click();
  await waitForView(session, 'enroll-profile');
}

describe('@okta/okta-signin-widget v7: "Sign up"', () => {
  it('the registration form, the password: the new user is signed in', () => withWidget(rig, async (session) => {
    await openSignUp(session);
    await screenshotState(session, 'sign-up');
    const email = 'okta.widget.grace@example.com';
    await fillProfile(session, email);
    await waitForView(session, 'enroll-authenticator', 'okta_password');
    await form(session.page).locator('input[name="confirmPassword"]').fill('Brand-New-Pass-77');
    await answerChallenge(session, 'Brand-New-Pass-77');
    await waitForView(session, 'select-authenticator-enroll');
    await form(session.page).locator('.skip-all').click();
    const tokens = await assertSignedIn(rig, session, ['pwd'], email);
    assert.equal(tokens.idToken.claims.email, email);
  }));

  it('an email with an account: Okta\'s message on the registration form', () => withWidget(rig, async (session) => {
    await openSignUp(session);
    await fillProfile(session, TEST.user);
    await formError(session, 'A user with this Email already exists');
    await screenshotState(session, 'sign-up-email-exists');
  }));

  it('progressive profiling: an existing user is asked the attribute their profile lacks, then signed in', () => withWidget(rig, async (session) => {
    await identify(session, TEST.user);
    await waitForView(session, 'challenge-authenticator', 'okta_password');
    await answerChallenge(session, TEST.password);
    await waitForView(session, 'enroll-profile');
    await screenshotState(session, 'progressive-profile');
    await form(session.page).locator('input[name="userProfile.favoriteSport"]').fill('rowing');
    await submitForm(session);
    await assertSignedIn(rig, session, ['pwd']);
  }));
});
