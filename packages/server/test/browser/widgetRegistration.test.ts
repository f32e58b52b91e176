import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { introspect } from '../support/oktaWidget.js';
import { registrationOrg, startRegistrationHook } from '../support/registrationOrg.js';
import { TEST } from '../support/testOrg.js';
import { checkState, fillAndSubmit, renderCount, startRig, waitForRender, widget, widgetResult, withWidget, type Rig, type Session } from './widgetHarness.js';

let rig: Rig;
let hook: Awaited<ReturnType<typeof startRegistrationHook>>;
before(async () => {
  hook = await startRegistrationHook();
  rig = await startRig(registrationOrg(hook.uri));
});
after(async () => {
  await rig?.stop();
  await hook?.stop();
});

/** "Sign up" under the identify form: the sign-up form with the policy's attributes. */
async function openSignUp(session: Session): Promise<void> {
  await widget(session.page).getByRole('button', { name: 'Sign up' }).click();
  const shown = await waitForRender(session, 'enroll-profile');
  assert.equal(shown.controller, 'registration');
  await widget(session.page).getByRole('heading', { name: 'Sign up' }).waitFor();
}

const profile = (email: string) => ({ Email: email, 'First name': 'Grace', 'Last name': 'Hopper', 'Favorite sport': 'sailing' });

describe('Latchkey widget: self-service registration', () => {
  it('"Sign up", the profile, then the password: signed in as the new user', async () => {
    await withWidget(rig, {}, async (session) => {
      await openSignUp(session);
      await checkState(session, 'sign-up');
      await fillAndSubmit(session, profile('widget.grace@example.com'), 'Sign Up');
      // The password is what the account starts with: its setup comes at once.
      await waitForRender(session, 'enroll-authenticator', 'okta_password');
      await fillAndSubmit(session, { 'Enter password': 'Brand-New-Pass-77' }, 'Next');
      await waitForRender(session, 'select-authenticator-enroll');
      await widget(session.page).getByRole('button', { name: 'Skip set up' }).click();
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, 'widget.grace@example.com');
    });
  });

  it('an email with an account: Okta\'s message on the email field; "Already have an account?" goes back', async () => {
    await withWidget(rig, {}, async (session) => {
      await openSignUp(session);
      await fillAndSubmit(session, profile(TEST.user), 'Sign Up');
      await session.page.waitForFunction(() => document.querySelector('[name="userProfile.email"]')?.getAttribute('aria-invalid') === 'true');
      await widget(session.page).getByText('A user with this Email already exists').waitFor();
      await checkState(session, 'sign-up-email-exists');
      const shown = await renderCount(session);
      await widget(session.page).getByRole('button', { name: 'Already have an account?' }).click();
      await waitForRender(session, 'identify', undefined, shown);
    });
  });

  it('progressive profiling: an existing user is asked the attribute their profile lacks, once, then signed in', async () => {
    await withWidget(rig, {}, async (session) => {
      await fillAndSubmit(session, { Username: TEST.user }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      await waitForRender(session, 'enroll-profile');
      await widget(session.page).getByRole('heading', { name: 'Sign in' }).waitFor();
      await checkState(session, 'progressive-profile');
      await fillAndSubmit(session, { 'Favorite sport': 'rowing' }, 'Submit');
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, TEST.user);
    });
    await withWidget(rig, {}, async (session) => {
      await fillAndSubmit(session, { Username: TEST.user }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, TEST.user, 'not asked again');
    });
  });
});
