import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page, Request } from 'playwright-core';
import { importOrg } from '../../src/org/orgFile/import.js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';
import { screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { introspect, withTrustedPage } from '../support/oktaWidget.js';
import { codeIn, latestEmailText, linkIn } from '../support/outbox.js';
import { passwordlessOrg, type SignInMode } from '../support/passwordlessOrg.js';
import { TEST } from '../support/testOrg.js';
import {
  checkState, fillAndSubmit, renderCount, startRig, waitForRender, widget, widgetResult, withWidget, type Rig, type Session,
} from './widgetHarness.js';

/** Each test signs in its own person (emails are limited per username); all are passwordless but the one switched between modes. */
const PEOPLE = {
  code: 'pia@example.com',
  linkAnywhere: 'lenny@example.com',
  linkElsewhere: 'olga@example.com',
  linkSameBrowser: 'tabitha@example.com',
  switched: 'sam@example.com', // has a password too
};
const MEMBERS = [
  { login: PEOPLE.code }, { login: PEOPLE.linkAnywhere }, { login: PEOPLE.linkElsewhere }, { login: PEOPLE.linkSameBrowser },
  { login: PEOPLE.switched, password: TEST.password },
];

let rig: Rig;
before(async () => {
  rig = await startRig(passwordlessOrg(MEMBERS));
});
after(() => rig?.stop());

/** Imports the org file again, changed only in `mode` and `org` settings, and waits until the server's configuration cache (1 s) sees it. */
async function reimport(mode: SignInMode, org: { emailLinkCompletesAnywhere?: boolean } = {}): Promise<void> {
  const document = withTrustedPage(passwordlessOrg(MEMBERS, mode, org), rig.page);
  await importOrg(rig.server.lk.store, parseOrgFile(JSON.stringify(document), 'org.json'), Date.now());
  await sleep(1100);
}

const latestEmail = (login: string) => latestEmailText(rig.server.url, login);

/** The username alone, Next: the widget shows the email challenge, no password asked. */
async function reachEmailChallenge(session: Session, login: string): Promise<void> {
  await fillAndSubmit(session, { Username: login }, 'Next');
  const challenge = await waitForRender(session, 'challenge-authenticator', 'okta_email');
  assert.equal(challenge.controller, 'mfa-verify-passcode');
  assert.equal(await renderCount(session), 2, 'identify, then the email: no password step between');
}

/** The tokens the widget resolved: the access token active for `login`, the ID token's `amr` as given. */
async function assertSignedIn(session: Session, login: string, amr: string[]): Promise<void> {
  const tokens = await widgetResult(session);
  const introspected = await introspect(rig.server, tokens.accessToken.accessToken);
  assert.equal(introspected.active, true);
  assert.equal(introspected.sub, login);
  assert.deepEqual(tokens.idToken.claims.amr, amr);
}

/** The message page a magic link opened shows `text` with its i18n key (as a status); a screenshot of it. */
async function assertLinkPage(page: Page, i18nKey: string, text: string, state: string): Promise<void> {
  const message = page.getByRole('status');
  assert.deepEqual({ i18nKey: await message.getAttribute('data-i18n-key'), text: await message.innerText() }, { i18nKey, text });
  await screenshot(page, `widget-${state}`);
}

/**
 * Opens `login`'s latest magic link in a second browser context (another browser: none of the
 * signing-in one's cookies), runs `check` on the page, then the accessibility check.
 */
async function openLinkInAnotherBrowser(login: string, check: (page: Page) => Promise<void>): Promise<void> {
  const link = linkIn(await latestEmail(login));
  const elsewhere = await rig.browser.newContext();
  try {
    const page = await elsewhere.newPage();
    await page.goto(link);
    await check(page);
    assert.deepEqual(await seriousAccessibilityViolations(page), [], 'axe found serious problems on the magic link page');
  } finally {
    await elsewhere.close();
  }
}

/** The page's timers on playwright's clock, so a test moves the widget's polling on at once. */
const FAKE_CLOCK = { prepare: (page: Page) => page.clock.install() };
/** The interval the server gives the email challenge's poll (`refresh`). */
const POLL_INTERVAL_MS = 4000;

/**
 * Moves the page's clock past the poll interval: answers the poll request that makes the widget send.
 * On a loaded machine the widget may schedule its poll only after a first fast-forward; up to three tries.
 */
async function pollNow(session: Session): Promise<Request> {
  for (let attempt = 1; ; attempt++) {
    const sent = session.page.waitForRequest((r) => r.url().endsWith('/idp/idx/challenge/poll'), { timeout: 5_000 });
    await session.page.clock.fastForward(POLL_INTERVAL_MS);
    try {
      return await sent;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

describe('Latchkey widget: passwordless sign-in (the email is the only factor)', () => {
  it('the username, then the emailed code: tokens with amr email', async () => {
    await withWidget(rig, {}, async (session) => {
      await checkState(session, 'passwordless-identify');
      assert.equal(await widget(session.page).getByLabel('Password', { exact: true }).count(), 0, 'no password field on identify');
      await reachEmailChallenge(session, PEOPLE.code);
      await widget(session.page).getByText(/We sent an email to p\*a@e\*+e\.com\. Click the verification link/).waitFor();
      await checkState(session, 'passwordless-email-challenge');
      await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmail(PEOPLE.code)) }, 'Verify');
      await assertSignedIn(session, PEOPLE.code, ['email']);
    });
  });

  it('the magic link opened in a second browser context (the org lets any browser complete): the waiting widget finishes by polling', async () => {
    await withWidget(rig, FAKE_CLOCK, async (session) => {
      await reachEmailChallenge(session, PEOPLE.linkAnywhere);
      await openLinkInAnotherBrowser(PEOPLE.linkAnywhere, (page) =>
        assertLinkPage(page, 'idx.return.to.original.tab', 'Please return to the original tab.', 'passwordless-link-completed-elsewhere'));
      await pollNow(session);
      await assertSignedIn(session, PEOPLE.linkAnywhere, ['email']);
    });
  });
});

describe('Latchkey widget: a magic link opened in another browser, the org default (emailLinkCompletesAnywhere false)', () => {
  before(() => reimport('passwordless', { emailLinkCompletesAnywhere: false }));
  after(() => reimport('passwordless'));

  it('the second browser context is told to type the code in the original one; the widget still waits, and the code signs in', async () => {
    await withWidget(rig, FAKE_CLOCK, async (session) => {
      await reachEmailChallenge(session, PEOPLE.linkElsewhere);
      await openLinkInAnotherBrowser(PEOPLE.linkElsewhere, (page) =>
        assertLinkPage(page, 'idx.enter.otp.in.original.tab', 'Enter the code from the email in your original browser or device.', 'passwordless-link-elsewhere-enter-code'));
      const waiting = await renderCount(session);
      const answer = await (await (await pollNow(session)).response())!.json();
      assert.equal(answer.successWithInteractionCode, undefined, 'not signed in by the other browser');
      await pollNow(session); // the widget polls on: that answer changed nothing for it
      assert.equal(await renderCount(session), waiting, 'the widget still shows the email challenge');
      await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmail(PEOPLE.linkElsewhere)) }, 'Verify');
      await assertSignedIn(session, PEOPLE.linkElsewhere, ['email']);
    });
  });

  it('opened in another tab of the browser signing in (its link cookie, set by the widget\'s IDX answers), the link completes the sign-in', async () => {
    await withWidget(rig, FAKE_CLOCK, async (session) => {
      await reachEmailChallenge(session, PEOPLE.linkSameBrowser);
      const tab = await session.page.context().newPage();
      await tab.goto(linkIn(await latestEmail(PEOPLE.linkSameBrowser)));
      await assertLinkPage(tab, 'idx.return.to.original.tab', 'Please return to the original tab.', 'passwordless-link-same-browser');
      await pollNow(session);
      await assertSignedIn(session, PEOPLE.linkSameBrowser, ['email']);
    });
  });
});

describe('Latchkey widget: the same app switches between password and passwordless by re-importing the org file', () => {
  after(() => reimport('passwordless'));

  it('the email alone now; the password after a re-import in password mode; the email again after another', async () => {
    await withWidget(rig, {}, async (session) => {
      await reachEmailChallenge(session, PEOPLE.switched);
    });

    await reimport('password');
    await withWidget(rig, {}, async (session) => {
      await fillAndSubmit(session, { Username: PEOPLE.switched }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await checkState(session, 'passwordless-switched-to-password');
      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      await assertSignedIn(session, PEOPLE.switched, ['pwd']);
    });

    await reimport('passwordless');
    await withWidget(rig, {}, async (session) => {
      await reachEmailChallenge(session, PEOPLE.switched);
      await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmail(PEOPLE.switched)) }, 'Verify');
      await assertSignedIn(session, PEOPLE.switched, ['email']);
    });
  });
});
