import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from '../support/browser.js';
import {
  answerChallenge, assertSignedIn, form, identify, screenshotState, showCodeEntry, startWidgetRig, waitForView, withWidget,
  type OktaWidgetRig, type WidgetSession,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText, linkIn } from '../support/outbox.js';
import { TEST, twoFactorOrg } from '../support/testOrg.js';

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(twoFactorOrg());
});
after(() => rig?.stop());

const latestEmail = () => latestEmailText(rig.server.url, TEST.user);

/** Identify and password: the widget then shows the email challenge, its code field revealed when `codeEntry`. */
async function reachEmailChallenge(session: WidgetSession, options: { codeEntry: boolean }): Promise<void> {
  await identify(session, TEST.user);
  await waitForView(session, 'challenge-authenticator', 'okta_password');
  await answerChallenge(session, TEST.password);
  await waitForView(session, 'challenge-authenticator', 'okta_email');
  if (options.codeEntry) await showCodeEntry(session);
}

const assertSignedInWithEmail = (session: WidgetSession) => assertSignedIn(rig, session, ['pwd', 'email', 'mfa']);

describe('@okta/okta-signin-widget v7 (Interaction Code flow) signs in with a password and an emailed code', () => {
  it('identify, password, emailed code, Verify: showSignInToGetTokens() resolves tokens with amr pwd, email, mfa', () => withWidget(rig, async (session) => {
    await reachEmailChallenge(session, { codeEntry: false });
    await screenshotState(session, 'email-challenge');
    await showCodeEntry(session);
    await screenshotState(session, 'email-challenge-code');
    await answerChallenge(session, codeIn(await latestEmail()));
    await assertSignedInWithEmail(session);
  }));

  it('a wrong code shows Okta\'s "Invalid code. Try again." on the code field, and the right one then signs in', () => withWidget(rig, async (session) => {
    await reachEmailChallenge(session, { codeEntry: true });
    const code = codeIn(await latestEmail());
    await answerChallenge(session, code === '000000' ? '111111' : '000000');
    await form(session.page).locator('.o-form-input-error').getByText('Invalid code. Try again.').waitFor();
    await screenshotState(session, 'error-wrong-code');
    await answerChallenge(session, code);
    await assertSignedInWithEmail(session);
  }));

  it('the emailed link, opened in another tab of the browser, lets the waiting widget finish by polling', () => withWidget(rig, async (session) => {
    await reachEmailChallenge(session, { codeEntry: false });
    const tab = await session.page.context().newPage();
    await tab.goto(linkIn(await latestEmail()));
    await tab.getByText('Please return to the original tab.').waitFor();
    await screenshot(tab, 'okta-widget-email-link-tab');
    await session.page.clock.fastForward(4_000); // the poll interval Latchkey gives (`refresh`)
    await assertSignedInWithEmail(session);
  }, { fakeClock: true }));

  it('"Send again", offered after 30 s, emails a new code that signs in', () => withWidget(rig, async (session) => {
    await reachEmailChallenge(session, { codeEntry: true });
    const first = await latestEmail();
    await session.page.clock.fastForward(31_000);
    const resend = form(session.page).locator('.resend-email-view a.resend-link');
    await resend.waitFor();
    await screenshotState(session, 'email-resend-offered');
    const resent = session.page.waitForResponse((r) => r.url().endsWith('/idp/idx/challenge/resend'));
    await resend.click();
    assert.equal((await resent).status(), 200);
    const second = await latestEmail();
    assert.notEqual(second, first, 'a new email was sent');
    await answerChallenge(session, codeIn(second));
    await assertSignedInWithEmail(session);
  }, { fakeClock: true }));
});
