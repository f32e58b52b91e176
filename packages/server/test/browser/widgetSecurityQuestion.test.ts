import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { introspect } from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { securityQuestionOrg } from '../support/securityQuestionOrg.js';
import { checkState, fillAndSubmit, renderCount, startRig, waitForRender, widget, widgetResult, withWidget, type Rig, type Session } from './widgetHarness.js';

/** People without a password: the emailed code, then the security question (enrolled at the first sign-in). */
const PEOPLE = { chosen: 'cass@example.com', custom: 'cyd@example.com' };

let rig: Rig;
before(async () => {
  rig = await startRig(securityQuestionOrg(Object.values(PEOPLE)));
});
after(() => rig?.stop());

/** Identify, then the emailed code: the widget then shows the security question. */
async function emailDone(session: Session, login: string): Promise<void> {
  await fillAndSubmit(session, { Username: login }, 'Next');
  await waitForRender(session, 'challenge-authenticator', 'okta_email');
  await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmailText(rig.server.url, login)) }, 'Verify');
}

async function assertSignedIn(session: Session, login: string): Promise<void> {
  const tokens = await widgetResult(session);
  const introspected = await introspect(rig.server, tokens.accessToken.accessToken);
  assert.equal(introspected.sub, login);
  assert.deepEqual(tokens.idToken.claims.amr, ['email', 'kba', 'mfa']);
}

describe('Latchkey widget: the security question', () => {
  it('enrolls a question chosen from the list; the next sign-in shows that question over the answer; a wrong answer is the field\'s error', async () => {
    await withWidget(rig, {}, async (session) => {
      await emailDone(session, PEOPLE.chosen);
      const context = await waitForRender(session, 'enroll-authenticator', 'security_question');
      assert.equal(context.controller, 'enroll-question');
      const card = widget(session.page);
      await card.getByText('Set up security question').waitFor();
      await card.getByRole('button', { name: 'Show answer' }).waitFor();
      await checkState(session, 'enroll-security-question');
      await card.getByRole('combobox', { name: 'Choose a security question' }).selectOption({ label: 'What was your dream job as a child?' });
      await fillAndSubmit(session, { Answer: 'Lighthouse keeper' }, 'Verify');
      await assertSignedIn(session, PEOPLE.chosen);
    });
    await withWidget(rig, {}, async (session) => {
      await emailDone(session, PEOPLE.chosen);
      await waitForRender(session, 'challenge-authenticator', 'security_question');
      const card = widget(session.page);
      await card.getByText('Verify with your Security Question').waitFor();
      await checkState(session, 'challenge-security-question');
      const shown = await renderCount(session);
      await fillAndSubmit(session, { 'What was your dream job as a child?': 'astronaut' }, 'Verify');
      await waitForRender(session, 'challenge-authenticator', 'security_question', shown);
      await card.getByText("Your answer doesn't match our records. Please try again.").waitFor();
      await fillAndSubmit(session, { 'What was your dream job as a child?': 'LIGHTHOUSE keeper' }, 'Verify');
      await assertSignedIn(session, PEOPLE.chosen);
    });
  });

  it('enrolls a question of one\'s own: a too short answer is refused on the custom form, which stays chosen; then enrolled', async () => {
    await withWidget(rig, {}, async (session) => {
      await emailDone(session, PEOPLE.custom);
      await waitForRender(session, 'enroll-authenticator', 'security_question');
      const card = widget(session.page);
      await card.getByLabel('Create my own security question').check();
      const shown = await renderCount(session);
      await fillAndSubmit(session, { 'Create a security question': 'Where is <b>it</b>?', Answer: 'under the oak' }, 'Verify');
      await waitForRender(session, 'enroll-authenticator', 'security_question', shown);
      await card.getByText('The field must not contain HTML tags').waitFor();
      assert.equal(await card.getByLabel('Create my own security question').isChecked(), true, 'the form with the error is the one shown');
      await checkState(session, 'error-security-question-custom');
      await fillAndSubmit(session, { 'Create a security question': 'Where did I bury the capsule?', Answer: 'under the oak' }, 'Verify');
      await assertSignedIn(session, PEOPLE.custom);
    });
  });
});
