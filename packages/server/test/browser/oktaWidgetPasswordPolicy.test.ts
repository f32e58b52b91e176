import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerChallenge, form, identify, introspect, screenshotState, showCodeEntry, startWidgetRig, waitForView, widgetTokens, withWidget,
  type OktaWidgetRig, type WidgetSession,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST, testOrg } from '../support/testOrg.js';

/**
 * @okta/okta-signin-widget v7 (Gen2) setting a first password under a policy that refuses common
 * passwords: the rules show (the widget fails on a complexity rule it does not know, so the
 * common-password rule must not be among them, as with Okta) and a common password is refused
 * with Okta's message.
 */

const PERSON = 'pia@example.com'; // verified email, no password yet

let rig: OktaWidgetRig;
before(async () => {
  const org = testOrg();
  const withPolicy = {
    ...org,
    users: [...org.users, { login: PERSON, groups: ['Engineering'] }],
    policies: [
      {
        type: 'ACCESS_POLICY', name: 'Any one factor', priority: 1, conditions: { apps: { include: [TEST.spa.clientId] } },
        rules: [{ name: 'One', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA' } } } }],
      },
      { type: 'PASSWORD', name: 'Common passwords refused', priority: 1, settings: { password: { complexity: { dictionary: { common: { exclude: true } } } } } },
    ],
  };
  rig = await startWidgetRig(withPolicy);
});
after(() => rig?.stop());

/** Gen2's password enrollment asks the new password twice. */
async function setPassword(session: WidgetSession, password: string): Promise<void> {
  await form(session.page).locator('input[name="confirmPassword"]').fill(password);
  await answerChallenge(session, password);
}

describe('@okta/okta-signin-widget v7: setting a password under a common-password policy', () => {
  it('the emailed code, then the rules; "Password1" is refused with Okta\'s message and another password signs in', () => withWidget(rig, async (session) => {
    await identify(session, PERSON);
    await waitForView(session, 'challenge-authenticator', 'okta_email');
    await showCodeEntry(session);
    await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, PERSON)));
    await waitForView(session, 'enroll-authenticator', 'okta_password');
    await form(session.page).getByText('At least 8 characters').waitFor();
    await screenshotState(session, 'enroll-password');

    await setPassword(session, 'Password1');
    await form(session.page).locator('.o-form-input-error').getByText('This password was found in a list of commonly used passwords. Please try another password.').waitFor();
    await screenshotState(session, 'enroll-password-common');

    await setPassword(session, 'Quiet-Lantern-42');
    const introspected = await introspect(rig.server, (await widgetTokens(session)).accessToken.accessToken);
    assert.equal(introspected.sub, PERSON);
  }));
});
