import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST } from '../support/testOrg.js';
import { ACCOUNT, accountOrg, lockOut } from '../support/accountOrg.js';
import { checkState, fillAndSubmit, withWidget, startRig, waitForRender, widget, widgetResult, type Rig } from './widgetHarness.js';

/** Latchkey's widget in Chromium: "Unlock account?", the expired password and the expiry warning. */

const DAY = 24 * 3600_000;
const PEOPLE = { expired: 'olga@example.com', expiring: 'sam@example.com' };

let rig: Rig;
before(async () => {
  const org = accountOrg({ age: { maxAgeDays: 30, expireWarnDays: 5 } });
  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  org.users.push(
    ...[[PEOPLE.expired, 40], [PEOPLE.expiring, 27]].map(([login, days]) => ({
      login, profile: { firstName: 'Pat' }, password: TEST.password, groups: ['Engineering'], passwordChanged: ago(days as number),
    }) as never),
  );
  rig = await startRig(org);
});
after(() => rig?.stop());

describe('Latchkey widget: account unlock and password expiry', () => {
  it('"Unlock account?": username and Email, the emailed code, then "You can log in using your existing username and password"; then sign-in works', async () => {
    await lockOut(rig.server.url, ACCOUNT.locked);
    await withWidget(rig, {}, async (session) => {
      const card = widget(session.page);
      await card.getByRole('button', { name: 'Unlock account?' }).click();
      await waitForRender(session, 'select-authenticator-unlock-account');
      await card.getByRole('heading', { name: 'Unlock account' }).waitFor();
      await checkState(session, 'unlock-account');
      await card.getByLabel('Username', { exact: true }).fill(ACCOUNT.locked);
      await card.getByLabel('Email', { exact: true }).check();
      await card.getByRole('button', { name: 'Next' }).click();
      await waitForRender(session, 'challenge-authenticator', 'okta_email');
      await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmailText(rig.server.url, ACCOUNT.locked)) }, 'Verify');
      await card.getByText('You can log in using your existing username and password.').waitFor();
      await checkState(session, 'unlocked');
    });
    await withWidget(rig, {}, async (session) => {
      await fillAndSubmit(session, { Username: ACCOUNT.locked }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      assert.ok((await widgetResult(session)).accessToken);
    });
  });

  it('an expired password: "Your password has expired" with the rules, a new password, then signed in', async () => {
    await withWidget(rig, {}, async (session) => {
      await fillAndSubmit(session, { Username: PEOPLE.expired }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      const shown = await waitForRender(session, 'reenroll-authenticator', 'okta_password');
      assert.equal(shown.controller, 'password-expired');
      const card = widget(session.page);
      await card.getByRole('heading', { name: 'Your password has expired' }).waitFor();
      await card.getByText(/Password requirements: at least 8 characters/).waitFor();
      await checkState(session, 'password-expired');
      await fillAndSubmit(session, { 'New password': 'Brand-New-Horse-7' }, 'Change Password');
      assert.ok((await widgetResult(session)).accessToken);
    });
  });

  it('a password about to expire: "Your password will expire in 3 days", and "Remind me later" signs in', async () => {
    await withWidget(rig, {}, async (session) => {
      await fillAndSubmit(session, { Username: PEOPLE.expiring }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      await waitForRender(session, 'reenroll-authenticator-warning', 'okta_password');
      const card = widget(session.page);
      await card.getByRole('heading', { name: 'Your password will expire in 3 days' }).waitFor();
      await card.getByText('When your password expires, you will have to change your password before you can login to your Test Org account.').waitFor();
      await checkState(session, 'password-expiry-warning');
      await card.getByRole('button', { name: 'Remind me later' }).click();
      assert.ok((await widgetResult(session)).accessToken);
    });
  });
});
