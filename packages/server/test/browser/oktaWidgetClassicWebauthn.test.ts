/**
 * The real Okta Sign-In Widget (v7) in Classic mode (`useClassicEngine`, `features.webauthn`) against
 * Latchkey in Chromium with DevTools' virtual authenticator: after the password it enrolls a security
 * key through /api/v1/authn (MFA_ENROLL → MFA_ENROLL_ACTIVATE, navigator.credentials.create from the
 * activation, activate with the attestation), then signs in with it (MFA_REQUIRED → MFA_CHALLENGE,
 * navigator.credentials.get from the challenge, verify with the assertion).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classicWidgetPage, classicWidgetSuccess, form, startWidgetRig, submitForm, waitForView, withWidget, BUNDLES, type OktaWidgetRig, type WidgetSession } from '../support/oktaWidget.js';
import { TEST, passwordAndAnotherPolicy } from '../support/testOrg.js';
import { virtualAuthenticator } from '../support/virtualAuthenticator.js';
import { webauthnOrg } from '../support/webauthnOrg.js';

const PERSON = 'willa@example.com';
const DASHBOARD = 'latchkey.dashboard';

let rig: OktaWidgetRig;
let enrolledCredentials: unknown[] = [];
before(async () => {
  // The authn transaction signs in to the org's dashboard: its policy asks the password and another factor.
  const base = webauthnOrg([PERSON]);
  const org = { ...base, policies: [...base.policies, { ...passwordAndAnotherPolicy([DASHBOARD]), name: 'Dashboard', priority: 2 }] };
  // WebAuthn needs a domain for the relying party's id (an IP address is none): localhost.
  rig = await startWidgetRig(org, BUNDLES.gen2, 'localhost', classicWidgetPage({ webauthn: true }));
});
after(() => rig?.stop());

async function primaryAuth(session: WidgetSession): Promise<void> {
  await form(session.page).locator('input[name="username"]').fill(PERSON);
  await form(session.page).locator('input[name="password"]').fill(TEST.password);
  await submitForm(session);
}

/** The sessionToken is a real one: traded once at /login/sessionCookieRedirect, it sets the session cookie. */
async function assertSessionToken(sessionToken: string | undefined): Promise<void> {
  assert.ok(sessionToken);
  const r = await fetch(`${rig.server.url}/login/sessionCookieRedirect?token=${encodeURIComponent(sessionToken)}&redirectUrl=${encodeURIComponent(rig.page.url)}`, { redirect: 'manual' });
  assert.equal(r.status, 302);
  assert.match(r.headers.getSetCookie().join('\n'), /idx=/);
}

describe('the Okta widget in Classic mode: WebAuthn in Chromium (virtual authenticator)', () => {
  it('enrolls a security key after the password (MFA_ENROLL, Configure factor, Enroll, the browser\'s ceremony, activate): SUCCESS with a sessionToken', () => withWidget(rig, async (session) => {
    const { cdp, authenticatorId } = await virtualAuthenticator(session.page);
    await primaryAuth(session);
    await waitForView(session, 'enroll-choices');
    assert.equal(await form(session.page).locator('[data-se="WEBAUTHN"]').count() > 0, true, 'the security key is the factor to set up');
    // Only required factors: the widget offers the first to configure.
    await session.page.waitForTimeout(250);
    await submitForm(session);
    await waitForView(session, 'enroll-webauthn');
    await session.page.waitForTimeout(250);
    await submitForm(session);
    const success = await classicWidgetSuccess(session);
    assert.equal(success.status, 'SUCCESS');
    assert.equal(success.login, PERSON);
    await assertSessionToken(success.sessionToken);
    enrolledCredentials = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    assert.equal(enrolledCredentials.length, 1);
  }, { firstView: 'primary-auth' }));

  it('signs in with the key: MFA_REQUIRED opens its verify form, which asks the browser at once; SUCCESS with a sessionToken', () => withWidget(rig, async (session) => {
    assert.equal(enrolledCredentials.length, 1, 'the enrollment test ran');
    await virtualAuthenticator(session.page, enrolledCredentials);
    await primaryAuth(session);
    const success = await classicWidgetSuccess(session);
    assert.equal(success.status, 'SUCCESS');
    assert.equal(success.login, PERSON);
    await assertSessionToken(success.sessionToken);
  }, { firstView: 'primary-auth' }));
});
