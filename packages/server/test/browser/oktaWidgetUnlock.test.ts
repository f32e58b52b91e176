import { after, before, describe, it } from 'node:test';
import {
  answerChallenge, assertSignedIn, form, identify, screenshotState, showCodeEntry, startWidgetRig, waitForView, withWidget, type OktaWidgetRig,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST } from '../support/testOrg.js';
import { ACCOUNT, accountOrg, lockOut } from '../support/accountOrg.js';

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(accountOrg());
});
after(() => rig?.stop());

describe('@okta/okta-signin-widget v7 (Interaction Code flow) unlocks an account', () => {
  it('"Unlock account?", username and Email, the emailed code: "Account successfully unlocked!"; then the password signs in', async () => {
    await lockOut(rig.server.url, ACCOUNT.locked);
    await withWidget(rig, async (session) => {
      await session.page.locator('#app').getByRole('link', { name: 'Unlock account?' }).click();
      await waitForView(session, 'select-authenticator-unlock-account');
      await screenshotState(session, 'unlock-account');
      await form(session.page).locator('input[name="identifier"]').fill(ACCOUNT.locked);
      await form(session.page).locator('.authenticator-row', { hasText: 'Email' }).locator('.select-factor').click();
      await waitForView(session, 'challenge-authenticator', 'okta_email');
      await showCodeEntry(session);
      await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, ACCOUNT.locked)));
      await form(session.page).getByText('Account successfully unlocked!').waitFor();
      await screenshotState(session, 'account-unlocked');
    });
    await withWidget(rig, async (session) => {
      await identify(session, ACCOUNT.locked);
      await waitForView(session, 'challenge-authenticator', 'okta_password');
      await answerChallenge(session, TEST.password);
      await assertSignedIn(rig, session, ['pwd'], ACCOUNT.locked);
    });
  });
});
