import { after, before, describe, it } from 'node:test';
import {
  answerChallenge, assertSignedIn, form, identify, screenshotState, showCodeEntry, startWidgetRig, waitForView, withWidget,
  type OktaWidgetRig, type WidgetSession,
} from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { securityQuestionOrg } from '../support/securityQuestionOrg.js';

/** People without a password: the emailed code, then the security question (enrolled at the first sign-in). */
const PEOPLE = { custom: 'cleo@example.com', chosen: 'chad@example.com' };

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(securityQuestionOrg(Object.values(PEOPLE)));
});
after(() => rig?.stop());

/** Identify, then the emailed code: what the widget shows next is the security question. */
async function emailDone(session: WidgetSession, login: string): Promise<void> {
  await identify(session, login);
  await waitForView(session, 'challenge-authenticator', 'okta_email');
  await showCodeEntry(session);
  await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, login)));
}

/** Types the answer on the form shown and submits it. */
async function answer(session: WidgetSession, text: string): Promise<void> {
  await form(session.page).locator('input[name="credentials.answer"]').fill(text);
  await session.page.waitForTimeout(250); // Gen2 drops a submit within 200 ms of the previous one
  await form(session.page).locator('[type="submit"]').click();
}

describe('@okta/okta-signin-widget v7 (Interaction Code flow) enrolls and answers the security question', () => {
  it('"Create my own security question": a short answer shows Okta\'s message, then enrolled; the next sign-in asks that question', async () => {
    await withWidget(rig, async (session) => {
      await emailDone(session, PEOPLE.custom);
      await waitForView(session, 'enroll-authenticator', 'security_question');
      await screenshotState(session, 'enroll-security-question');
      await form(session.page).getByText('Create my own security question').click();
      await form(session.page).locator('input[name="credentials.question"]').fill('Who was my first manager?');
      await answer(session, 'Ann');
      await form(session.page).getByText('The security question answer must be at least 4 characters in length').first().waitFor();
      await screenshotState(session, 'error-security-question-short-answer');
      await answer(session, 'Grace Hopper');
      await assertSignedIn(rig, session, ['email', 'kba', 'mfa'], PEOPLE.custom);
    });
    await withWidget(rig, async (session) => {
      await emailDone(session, PEOPLE.custom);
      await waitForView(session, 'challenge-authenticator', 'security_question');
      await form(session.page).getByText('Who was my first manager?').waitFor();
      await screenshotState(session, 'challenge-security-question');
      await answer(session, 'Ada Lovelace');
      await form(session.page).getByText("Your answer doesn't match our records. Please try again.").first().waitFor();
      await answer(session, 'grace hopper');
      await assertSignedIn(rig, session, ['email', 'kba', 'mfa'], PEOPLE.custom);
    });
  });

  it('a question chosen from Okta\'s list: enrolled, then asked and answered', async () => {
    await withWidget(rig, async (session) => {
      await emailDone(session, PEOPLE.chosen);
      await waitForView(session, 'enroll-authenticator', 'security_question');
      await chooseQuestion(session, 'What is the food you least liked as a child?');
      await answer(session, 'Brussels sprouts');
      await assertSignedIn(rig, session, ['email', 'kba', 'mfa'], PEOPLE.chosen);
    });
    await withWidget(rig, async (session) => {
      await emailDone(session, PEOPLE.chosen);
      await waitForView(session, 'challenge-authenticator', 'security_question');
      await form(session.page).getByText('What is the food you least liked as a child?').waitFor();
      await answer(session, 'BRUSSELS SPROUTS');
      await assertSignedIn(rig, session, ['email', 'kba', 'mfa'], PEOPLE.chosen);
    });
  });
});

/** Picks a question in the widget's list of Okta's questions. */
const chooseQuestion = (session: WidgetSession, question: string) =>
  form(session.page).locator('select[name="credentials.questionKey"]').selectOption({ label: question });
