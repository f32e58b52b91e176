import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerChallenge, assertSignedIn, form, identify, screenshotState, showCodeEntry, startWidgetRig, waitForView, withWidget, type OktaWidgetRig,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST, twoFactorOrg } from '../support/testOrg.js';

/** The SPA's policy asks for any one factor: after identify the widget lists the password and the email to choose from. */
function anyOneFactorOrg() {
  const org = twoFactorOrg();
  return {
    ...org,
    policies: org.policies.map((p) => ({
      ...p,
      rules: p.rules.map((r) => ({ ...r, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA' } } } })),
    })),
  };
}

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(anyOneFactorOrg());
});
after(() => rig?.stop());

describe('@okta/okta-signin-widget v7 (Interaction Code flow) lets the user choose an authenticator', () => {
  it('identify, choose Email from the list, emailed code: tokens with amr email', () => withWidget(rig, async (session) => {
    await identify(session, TEST.user);
    await waitForView(session, 'select-authenticator-authenticate');
    assert.deepEqual(await form(session.page).locator('.authenticator-label').allInnerTexts(), ['Password', 'Email']);
    await screenshotState(session, 'select-authenticator');
    await form(session.page).locator('.authenticator-row', { hasText: 'Email' }).locator('.select-factor').click();
    await waitForView(session, 'challenge-authenticator', 'okta_email');
    await showCodeEntry(session);
    await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, TEST.user)));
    await assertSignedIn(rig, session, ['email']);
  }));
});
