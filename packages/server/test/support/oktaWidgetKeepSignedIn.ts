import type { Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { answerChallenge, assertSignedIn, form, identify, showCodeEntry, waitForView, type WidgetRig, type WidgetSession } from './oktaWidget.js';
import { codeIn, latestEmailText } from './outbox.js';
import { TEST } from './testOrg.js';

/** Password and emailed code in Okta's widget (either generation), up to its "Keep me signed in" view, ready for a click. */
export async function upToStaySignedIn(rig: WidgetRig, session: WidgetSession, login: string): Promise<void> {
  await identify(session, login);
  await waitForView(session, 'challenge-authenticator', 'okta_password');
  await answerChallenge(session, TEST.password);
  await waitForView(session, 'challenge-authenticator', 'okta_email');
  await showCodeEntry(session);
  await answerChallenge(session, codeIn(await latestEmailText(rig.server.url, login)));
  await waitForView(session, 'keep-me-signed-in');
  // Gen2 drops a submit within 200 ms of a re-render.
  await session.page.waitForTimeout(250);
}

/** The session cookie of the page's browser. */
export const sessionCookie = async ({ page }: { page: Page }) => (await page.context().cookies()).find((c) => c.name === 'idx')!;

/** "Stay signed in" in Okta's widget: signed in (after the password and the email), the session cookie outliving the browser. */
export async function acceptStaySignedIn(rig: WidgetRig, session: WidgetSession, login: string): Promise<void> {
  await form(session.page).locator('[data-se="stay-signed-in-btn"]').click();
  await assertSignedIn(rig, session, ['pwd', 'email', 'mfa'], login);
  assert.notEqual((await sessionCookie(session)).expires, -1, 'the session cookie outlives the browser');
}
