import { after, before, describe, it } from 'node:test';
import {
  answerChallenge, assertSignedIn, BUNDLES, form, identify, screenshotState, showCodeEntry, startWidgetRig, waitForView, withWidget,
  type Bundle, type OktaWidgetRig, type WidgetSession, submitForm,
} from './oktaWidget.js';
import { codeIn, latestEmailText } from './outbox.js';
import { securityQuestionOrg } from './securityQuestionOrg.js';

/** People without a password: the emailed code, then the security question (enrolled at the first sign-in). */
const PEOPLE = { custom: 'cleo@example.com', chosen: 'chad@example.com' };

/** Identify, then the emailed code: what the widget shows next is the security question. */
async function emailDone(rig: OktaWidgetRig, session: WidgetSession, login: string): Promise<void> {
  await identify(session, login);
  await waitForView(session, 'challenge-authenticator', 'okta_email');
  await showCodeEntry(session);
  await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, login)));
}

/** Types the answer on the form shown and submits it. */
async function answer(session: WidgetSession, text: string): Promise<void> {
  await form(session.page).locator('input[name="credentials.answer"]').fill(text);
  // Gen2 also drops a submit within 200 ms of choosing the form (the radio button re-renders it), which submitForm does not see.
  await session.page.waitForTimeout(250);
  await submitForm(session);
}

/** Chooses one of the two forms (a question of Okta's list, or one's own) by its radio button's label. */
const chooseForm = (session: WidgetSession, label: string) => form(session.page).locator('label', { hasText: label }).first().click();

/** Picks a question in the widget's list of Okta's questions. */
async function chooseQuestion(session: WidgetSession, question: string): Promise<void> {
  await chooseForm(session, 'Choose a security question');
  await form(session.page).locator('select[name="credentials.questionKey"]').selectOption({ label: question });
}

/**
 * The security question with the real Okta widget of `bundle` (one Latchkey per test file): enrolling
 * one's own question and one of Okta's list, then answering them; a short and a wrong answer refused.
 */
export function oktaWidgetSecurityQuestionTests(bundle: Bundle): void {
  let rig: OktaWidgetRig;
  before(async () => {
    rig = await startWidgetRig(securityQuestionOrg(Object.values(PEOPLE)), bundle);
  });
  after(() => rig?.stop());

  describe(`@okta/okta-signin-widget v7 ${bundle === BUNDLES.gen3 ? 'Gen3' : 'Gen2'} (Interaction Code flow) enrolls and answers the security question`, () => {
    it('"Create my own security question": a short answer shows Okta\'s message, then enrolled; the next sign-in asks that question', async () => {
      await withWidget(rig, async (session) => {
        await emailDone(rig, session, PEOPLE.custom);
        await waitForView(session, 'enroll-authenticator', 'security_question');
        await screenshotState(session, 'enroll-security-question');
        await chooseForm(session, 'Create my own security question');
        await form(session.page).locator('input[name="credentials.question"]').fill('Who was my first manager?');
        await answer(session, 'Ann');
        await form(session.page).getByText('The security question answer must be at least 4 characters in length').first().waitFor();
        await screenshotState(session, 'error-security-question-short-answer');
        await answer(session, 'Grace Hopper');
        await assertSignedIn(rig, session, ['email', 'kba', 'mfa'], PEOPLE.custom);
      });
      await withWidget(rig, async (session) => {
        await emailDone(rig, session, PEOPLE.custom);
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
        await emailDone(rig, session, PEOPLE.chosen);
        await waitForView(session, 'enroll-authenticator', 'security_question');
        await chooseQuestion(session, 'What is the food you least liked as a child?');
        await answer(session, 'Brussels sprouts');
        await assertSignedIn(rig, session, ['email', 'kba', 'mfa'], PEOPLE.chosen);
      });
      await withWidget(rig, async (session) => {
        await emailDone(rig, session, PEOPLE.chosen);
        await waitForView(session, 'challenge-authenticator', 'security_question');
        await form(session.page).getByText('What is the food you least liked as a child?').waitFor();
        await answer(session, 'BRUSSELS SPROUTS');
        await assertSignedIn(rig, session, ['email', 'kba', 'mfa'], PEOPLE.chosen);
      });
    });
  });
}
