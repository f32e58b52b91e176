import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { BrowserReport } from '../support/oktaWidget.js';
import { testOrg } from '../support/testOrg.js';
import { answerWithRecording, checkState, type RecordedState, fillAndSubmit, startRig, widget, withWidget, type Rig } from './widgetHarness.js';
import { CLASSIC, classicSuccess, waitForScreen } from './widgetClassicHarness.js';

/**
 * Latchkey's widget in Classic mode shows authn statuses as Okta's servers answer them: responses
 * recorded from Okta (shared/reference/okta-api-v1-authn) answer the widget's authn requests in place
 * of Latchkey's, for shapes Latchkey does not produce (UNAUTHENTICATED, eighteen factor types of
 * which the widget offers those it can verify).
 */

const REFERENCE_DIR = new URL('../../../../../shared/reference/okta-api-v1-authn/', import.meta.url);

/** The widget resumes a transaction by its stateToken (as a hosted page starts it); the recording answers. */
const RESUME = { ...CLASSIC, stateToken: 'aStateToken' };

/** Every authn request of the page (introspect, and the recording's own links) answers `body`. */
const answerAuthnWith = (page: Page, rig: Rig, body: string, status?: number) =>
  answerWithRecording(rig, page, /\/api\/v1\/authn/, { body, contentType: 'application/json', status });

let rig: Rig;
before(async () => {
  rig = await startRig(testOrg());
});
after(() => rig?.stop());

interface Recorded extends RecordedState {
  /** Okta's Classic screen name (afterRender's controller). */
  controller: string;
}

const RECORDED: Recorded[] = [
  { file: 'unauthenticated.json', controller: 'primary-auth', shows: ['Sign In', 'Username', 'Password', 'Forgot password?'] },
  // Eighteen factor types: the seven the widget can verify are offered.
  {
    file: 'mfa-all-factors.json', controller: 'mfa-verify', choices: 7,
    shows: ["Verify it's you with a security method", 'Security Question', 'Google Authenticator', 'Okta Verify', 'SMS Authentication', 'Voice Call Authentication', 'Email Authentication', 'Latchkey Verify'],
  },
  { file: 'mfa-required-oktaverify.json', controller: 'mfa-verify', choices: 2, shows: ['Latchkey Verify', 'Okta Verify'] },
  { file: 'mfa-challenge-email.json', controller: 'mfa-verify', shows: ['Email Authentication', 'A verification code was sent to f...4@okta.com.', 'Enter Code', 'Re-send email', 'Verify with something else'] },
  { file: 'mfa-enroll-totp.json', controller: 'enroll-choices', choices: 2, shows: ['Set up multifactor authentication', 'Okta Verify', 'Google Authenticator'] },
  { file: 'mfa-enroll-sms.json', controller: 'enroll-choices', choices: 3, shows: ['Security Question', 'Voice Call Authentication', 'SMS Authentication'] },
  { file: 'mfa-enroll-activate-sms.json', controller: 'enroll-activate-sms', shows: ['Set up SMS Authentication', 'Enter code', 'Re-send code', 'Return to authenticator list'] },
  { file: 'mfa-enroll-activate-email.json', controller: 'enroll-activate-email', shows: ['Set up Email Authentication', 'Enter code', 'Re-send email'] },
  { file: 'recovery-challenge-sms-pwd.json', controller: 'recovery-challenge', shows: ['Enter verification code sent via SMS', 'Enter Code', 'Re-send code'] },
  { file: 'recovery-password.json', controller: 'recovery-question', shows: ['Answer Forgotten Password Challenge', 'What is the food you least liked as a child?'] },
  { file: 'recovery-answer.json', controller: 'password-reset', shows: ['Reset your password', 'New password', 'Repeat password'] },
  { file: 'error-authentication-failed.json', controller: 'error-state', status: 401, shows: ['Authentication failed', 'Back to sign in'] },
];

describe("Latchkey widget in Classic mode: Okta's recorded authn statuses", () => {
  for (const recorded of RECORDED) {
    it(`${recorded.file}: ${recorded.controller}`, async () => {
      const body = readFileSync(new URL(recorded.file, REFERENCE_DIR), 'utf8');
      const prepare = (page: Page) => answerAuthnWith(page, rig, body, recorded.status);
      const firstForm = recorded.status ? 'terminal' : JSON.parse(body).status;
      await withWidget(rig, { options: RESUME, firstForm, prepare }, async (session) => {
        await waitForScreen(session, recorded.controller);
        for (const text of recorded.shows) await widget(session.page).getByText(text).first().waitFor();
        if (recorded.choices) assert.equal(await widget(session.page).locator('.lk-choice').count(), recorded.choices);
        await checkState(session, `classic-recorded-${recorded.file.replace(/\.json$/, '')}`);
      });
    });
  }

  it('unauthenticated.json: the sign-in form goes on at the transaction\'s authenticate link, with its stateToken', async () => {
    const body = readFileSync(new URL('unauthenticated.json', REFERENCE_DIR), 'utf8');
    const next = JSON.parse(body)._links.next.href as string;
    await withWidget(rig, { options: RESUME, firstForm: 'UNAUTHENTICATED', prepare: (page) => answerAuthnWith(page, rig, body) }, async (session) => {
      const sent = session.page.waitForRequest((r) => r.method() === 'POST' && r.url() === next);
      await fillAndSubmit(session, { Username: 'foo@bar.com', Password: 'Some-Password-1' }, 'Sign In');
      assert.deepEqual((await sent).postDataJSON(), {
        stateToken: 'aStateToken', username: 'foo@bar.com', password: 'Some-Password-1', options: { warnBeforePasswordExpired: true },
      });
    });
  });

  it("mfa-all-factors.json: the question factor asks its question (profile.questionText) as the answer's label", async () => {
    const body = readFileSync(new URL('mfa-all-factors.json', REFERENCE_DIR), 'utf8');
    const recorded = JSON.parse(body);
    const question = recorded._embedded.factors.find((f: { factorType: string }) => f.factorType === 'question');
    await withWidget(rig, { options: RESUME, firstForm: 'MFA_REQUIRED', prepare: (page) => answerAuthnWith(page, rig, body) }, async (session) => {
      await waitForScreen(session, 'mfa-verify');
      await widget(session.page).getByRole('button', { name: /^Security Question/ }).click();
      const answer = widget(session.page).getByLabel(question.profile.questionText, { exact: true });
      await answer.waitFor();
      await checkState(session, 'classic-recorded-mfa-verify-question');
      const sent = session.page.waitForRequest((r) => r.method() === 'POST' && r.url() === question._links.verify.href);
      await answer.fill('Brussels sprouts');
      await widget(session.page).getByRole('button', { name: /^Verify$/ }).click();
      assert.deepEqual((await sent).postDataJSON(), { stateToken: recorded.stateToken, answer: 'Brussels sprouts' });
    });
  });

  it('success-001.json: renderEl settles with Okta\'s Classic success data, read from the recorded SUCCESS', async () => {
    const body = readFileSync(new URL('success-001.json', REFERENCE_DIR), 'utf8');
    const context = await rig.browser.newContext();
    try {
      // No screen comes before SUCCESS: the page is driven here rather than by withWidget, which waits for one.
      const page = await context.newPage();
      const session = { page, report: new BrowserReport(page), warnings: [] };
      await answerAuthnWith(page, rig, body);
      await page.goto(rig.page.url);
      await page.evaluate((options) => (window as any).startWidget(options), RESUME);
      assert.deepEqual(await classicSuccess(session), { status: 'SUCCESS', type: 'SESSION_SSO', login: 'foo@bar.com', token: 'xxxxx', setCookieAndRedirect: 'function', next: 'undefined' });
      session.report.assertClean();
    } finally {
      await context.close();
    }
  });
});
