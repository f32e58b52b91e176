import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { testOrg } from '../support/testOrg.js';
import { answerWithRecording, checkState, type RecordedState, withWidget, startRig, widget, type Rig } from './widgetHarness.js';

/**
 * The widget renders states it has no special knowledge of: IDX responses recorded from Okta's
 * servers (shared/reference/okta-idx-responses) are answered to its requests in place of
 * Latchkey's, and each must show its first form (or its messages), labelled and accessible.
 */

const REFERENCE_DIR = new URL('../../../../../shared/reference/okta-idx-responses/', import.meta.url);
const ION = 'application/ion+json; okta-version=1.0.0';

/** The widget resumes a transaction, as on the hosted page; the recording answers. */
const RESUME = { stateToken: 'recorded', clientId: undefined, redirectUri: undefined };

/** Every IDX request of the page (introspect, and polls to the recording's own hrefs) answers `body`. */
const answerIdxWith = (page: Page, body: string, status = 200) => answerWithRecording(rig, page, /\/idp\/idx\//, { body, contentType: ION, status });

let rig: Rig;
before(async () => {
  rig = await startRig(testOrg());
});
after(() => rig?.stop());

interface Recorded extends RecordedState {
  formName: string;
  /** The widget's `language`, when not English. */
  language?: string;
}

const RECORDED: Recorded[] = [
  { file: 'identify.json', formName: 'identify', shows: ['Username', 'Keep me signed in', 'Next', 'Sign up'] },
  { file: 'identify-with-password.json', formName: 'identify', shows: ['Username', 'Password', 'Sign in'] },
  { file: 'authenticator-verification-select-authenticator.json', formName: 'select-authenticator-authenticate', shows: ["Verify it's you with a security method", 'Okta Password', 'Google Authenticator'], choices: 18 },
  { file: 'authenticator-enroll-select-authenticator-with-skip.json', formName: 'select-authenticator-enroll', shows: ['Set up security methods', 'Okta Phone', 'Skip set up'], choices: 3 },
  {
    file: 'authenticator-enroll-password.json', formName: 'enroll-authenticator',
    shows: ['Set up password', 'Enter password', 'Return to authenticator list', 'Password requirements: at least 8 characters, a lowercase letter, an uppercase letter, ' +
      'a number, a symbol, no parts of your username, does not include your first name, does not include your last name, maximum 3 consecutive repeating characters.'],
  },
  // The password policy's common-password check: Okta's message on the field, in the widget's language.
  {
    file: 'error-authenticator-enroll-password-common.json', formName: 'enroll-authenticator', status: 400,
    shows: ['This password was found in a list of commonly used passwords. Please try another password.', 'Password requirements: at least 8 characters,'],
  },
  {
    file: 'error-authenticator-enroll-password-common.json', formName: 'enroll-authenticator', status: 400, language: 'fr',
    shows: ['Ce mot de passe figure dans une liste de mots de passe courants.', 'au moins 8\u00a0caractères, une lettre minuscule'],
  },
  {
    file: 'error-authenticator-enroll-password-common.json', formName: 'enroll-authenticator', status: 400, language: 'de',
    shows: ['Dieses Passwort steht auf einer Liste häufig verwendeter Passwörter.', 'Passwortanforderungen: mindestens 8 Zeichen, ein Kleinbuchstabe'],
  },
  { file: 'authenticator-verification-email.json', formName: 'challenge-authenticator', shows: ['Verify with your email', 'We sent an email to i**a@h***o.net.', 'Enter code', 'Send again'] },
  // Remediations without a view of their own: the generic form, from the fields alone.
  { file: 'authenticator-verification-data-phone-sms-then-voice-no-profile.json', formName: 'authenticator-verification-data', shows: ['SMS', 'VOICE'] },
  { file: 'enroll-profile-new-boolean-fields.json', formName: 'enroll-profile', shows: ['First name', 'Last name', 'Do you have a pet?'] },
  // Messages Okta sends with their key only, and states with no form.
  { file: 'error-identify-multiple-errors.json', formName: 'identify', status: 400, shows: ['Please enter a username', 'Please enter a password', 'Your session has expired'] },
  { file: 'terminal-return-email.json', formName: 'terminal', shows: ['Please return to the original tab.'] },
  { file: 'error-401-session-expired.json', formName: 'terminal', status: 401, shows: ['You have been logged out due to inactivity'] },
];

describe("Latchkey widget: Okta's recorded IDX states, rendered generically", () => {
  for (const recorded of RECORDED) {
    it(`${recorded.file}: ${recorded.formName}${recorded.language ? ` (${recorded.language})` : ''}`, async () => {
      const body = readFileSync(new URL(recorded.file, REFERENCE_DIR), 'utf8');
      const prepare = (page: Page) => answerIdxWith(page, body, recorded.status);
      await withWidget(rig, { options: { ...RESUME, language: recorded.language }, firstForm: recorded.formName, prepare }, async (session) => {
        for (const text of recorded.shows) await widget(session.page).getByText(text).first().waitFor();
        if (recorded.choices) assert.equal(await widget(session.page).locator('.lk-choice').count(), recorded.choices);
        await checkState(session, `recorded-${recorded.file.replace(/\.json$/, '')}${recorded.language ? `-${recorded.language}` : ''}`);
      });
    });
  }

  it("success.json (the hosted page's success-redirect): the widget goes to its href", async () => {
    const body = readFileSync(new URL('success.json', REFERENCE_DIR), 'utf8');
    const target = JSON.parse(body).success.href as string;
    const page = await (await rig.browser.newContext()).newPage();
    try {
      await answerIdxWith(page, body);
      await page.route(target, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>App</title><p>Signed in</p>' }));
      await page.goto(rig.page.url);
      await page.evaluate((options) => (window as any).startWidget(options), RESUME);
      await page.waitForURL(target);
    } finally {
      await page.context().close();
    }
  });
});
