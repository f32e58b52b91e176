import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST } from '../support/testOrg.js';
import { keepSignedInOrg, LIFETIME_MINUTES } from '../support/keepSignedInOrg.js';
import { fillAndSubmit, startRig, waitForRender, widget, widgetResult, withWidget, type Rig, type Session } from './widgetHarness.js';

let rig: Rig;
before(async () => {
  rig = await startRig(keepSignedInOrg('BEFORE_SIGN_IN'));
});
after(() => rig?.stop());

/** Signs in with the widget on a fresh page of the session's browser; answers whether the email code (the MFA) was asked. */
async function signIn(session: Session, login: string, keepSignedIn: boolean): Promise<{ mfa: boolean }> {
  await session.page.goto(rig.page.url);
  await session.page.evaluate(() => (window as any).startWidget({}));
  await waitForRender(session, 'identify');
  const box = widget(session.page).getByLabel('Keep me signed in', { exact: true });
  if (keepSignedIn) await box.check();
  await fillAndSubmit(session, { Username: login }, 'Next');
  await waitForRender(session, 'challenge-authenticator', 'okta_password');
  const rendered = await session.page.evaluate(() => (window as any).widgetLog.renders.length);
  await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
  // Signed in, or asked the email code: whichever the widget comes to.
  await session.page.waitForFunction((seen) => {
    const { renders } = (window as any).widgetLog;
    return 'widgetResult' in window || (renders.length > seen && renders[renders.length - 1].authenticatorKey === 'okta_email');
  }, rendered, { timeout: 15_000 });
  const mfa = await session.page.evaluate(() => !('widgetResult' in window));
  if (mfa) await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmailText(rig.server.url, login)) }, 'Verify');
  assert.equal((await widgetResult(session)).idToken.claims.email, login);
  return { mfa };
}

const sessionCookie = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === 'idx')!;

/** The session ends (it idled out) while the browser keeps its other cookies, the device cookie among them. */
async function endSession(context: BrowserContext): Promise<void> {
  const kept = (await context.cookies()).filter((c) => c.name !== 'idx');
  await context.clearCookies();
  await context.addCookies(kept);
}

it('our widget, "Keep me signed in" checked: a persistent session cookie, and the next sign-in on this browser asks no MFA', async () => {
  await withWidget(rig, {}, async (session) => {
    const context = session.page.context();
    const before = Date.now() / 1000;
    assert.deepEqual(await signIn(session, TEST.user, true), { mfa: true });
    const { expires } = await sessionCookie(context);
    assert.ok(Math.abs(expires - (before + LIFETIME_MINUTES * 60)) < 60, `expires ${expires}`);

    await endSession(context);
    assert.deepEqual(await signIn(session, TEST.user, false), { mfa: false });
  });
});

it('our widget, the box left unchecked: a cookie that ends with the browser, and MFA again on the next sign-in', async () => {
  await withWidget(rig, {}, async (session) => {
    const context = session.page.context();
    assert.deepEqual(await signIn(session, TEST.otherUser, false), { mfa: true });
    assert.equal((await sessionCookie(context)).expires, -1);

    await endSession(context);
    assert.deepEqual(await signIn(session, TEST.otherUser, false), { mfa: true });
  });
});
