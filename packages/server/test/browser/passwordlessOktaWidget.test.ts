import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerChallenge, assertSignedIn, form, identify, screenshotState, showCodeEntry, startWidgetRig, waitForView, widgetRenders, withWidget,
  type OktaWidgetRig, type WidgetSession,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { passwordlessOrg } from '../support/passwordlessOrg.js';

/** Passwordless people (no password at all); each test signs in its own. */
const PEOPLE = { signsIn: 'pia@example.com', shownBeside: 'kim@example.com', unknown: 'nobody@example.com' };

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(passwordlessOrg([{ login: PEOPLE.signsIn }, { login: PEOPLE.shownBeside }]));
});
after(() => rig?.stop());

/** Emails the dev outbox holds for `to`. */
async function emailsTo(to: string): Promise<unknown[]> {
  const r = await fetch(`${rig.server.url}/api/dev/outbox?to=${encodeURIComponent(to)}`);
  return ((await r.json()) as { messages: unknown[] }).messages;
}

/** The username alone: the widget goes straight to the email challenge, no password asked. */
async function reachEmailChallenge(session: WidgetSession, username: string): Promise<void> {
  await identify(session, username);
  await waitForView(session, 'challenge-authenticator', 'okta_email');
  assert.deepEqual((await widgetRenders(session)).map((r) => r.formName), ['identify', 'challenge-authenticator'], 'no password step between');
}

/** What the email challenge form says and offers, the typed `username` and the masked address in it replaced by placeholders. */
async function challengeAsSeen(session: WidgetSession, username: string): Promise<string> {
  const text = await form(session.page).innerText();
  return text.replaceAll(username, '<username>').replace(/\S\*+\S@\S\*+\S\.\w+/g, '<address>');
}

describe('@okta/okta-signin-widget v7 (Interaction Code flow): passwordless sign-in with the email alone', () => {
  it('username, then the emailed code: showSignInToGetTokens() resolves tokens with amr email', () => withWidget(rig, async (session) => {
    await reachEmailChallenge(session, PEOPLE.signsIn);
    await form(session.page).getByText('p*a@e*****e.com').waitFor();
    await screenshotState(session, 'passwordless-email-challenge');
    await showCodeEntry(session);
    await screenshotState(session, 'passwordless-email-challenge-code');
    await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, PEOPLE.signsIn)));
    await assertSignedIn(rig, session, ['email'], PEOPLE.signsIn);
  }));

  it('an unknown username gets the same email challenge screen (its typed address masked) and no email is sent', async () => {
    let known = '';
    await withWidget(rig, async (session) => {
      await reachEmailChallenge(session, PEOPLE.shownBeside);
      known = await challengeAsSeen(session, PEOPLE.shownBeside);
    });
    await withWidget(rig, async (session) => {
      await reachEmailChallenge(session, PEOPLE.unknown);
      await form(session.page).getByText('n****y@e*****e.com').waitFor();
      assert.equal(await challengeAsSeen(session, PEOPLE.unknown), known);
      await screenshotState(session, 'passwordless-unknown-user');
      await showCodeEntry(session);
      await answerChallenge(session, '123456');
      await form(session.page).locator('.o-form-input-error').getByText('Invalid code. Try again.').waitFor();
      await screenshotState(session, 'passwordless-unknown-user-code');
    });
    assert.match(known, /<username>[\s\S]*We sent an email to <address>\./, 'the screens compared show the username and a masked address');
    assert.deepEqual(await emailsTo(PEOPLE.unknown), []);
  });
});
