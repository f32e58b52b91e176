/**
 * The real Okta Sign-In Widget (v7) in Classic mode (`useClassicEngine`, `features.webauthn`) against
 * Latchkey in Chromium with DevTools' virtual authenticator: after the password it enrolls a security
 * key through /api/v1/authn (MFA_ENROLL → MFA_ENROLL_ACTIVATE, navigator.credentials.create from the
 * activation, activate with the attestation), then signs in with it (MFA_REQUIRED → MFA_CHALLENGE,
 * navigator.credentials.get from the challenge, verify with the assertion).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSessionToken, classicPrimaryAuth, classicWidgetPage, classicWidgetSuccess, form, startWidgetRig, submitForm, waitForView, withWidget, BUNDLES, type OktaWidgetRig } from '../support/oktaWidget.js';
import { TEST, passwordAndAnotherPolicy } from '../support/testOrg.js';
import { virtualAuthenticator } from '../support/virtualAuthenticator.js';
import { webauthnOrg } from '../support/webauthnOrg.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';

const PERSON = 'willa@example.com';
const TWO_KEYS = 'tara@example.com';
const DASHBOARD = 'latchkey.dashboard';

// Tara's two keys, made here and imported through the org file; the virtual authenticator holds them.
const keys = [new SoftAuthenticator('http://localhost'), new SoftAuthenticator('http://localhost')];
const imported = (key: SoftAuthenticator) => ({ key: 'webauthn', profile: { credentialId: key.credentialId.toString('base64url'), publicKey: key.publicKey().toString('base64url') } });
const held = (key: SoftAuthenticator) => ({ credentialId: key.credentialId.toString('base64'), isResidentCredential: false, rpId: 'localhost', privateKey: key.privateKeyPkcs8(), signCount: 0 });

let rig: OktaWidgetRig;
let enrolledCredentials: unknown[] = [];
before(async () => {
  // The authn transaction signs in to the org's dashboard: its policy asks the password and another factor.
  const base = webauthnOrg([PERSON, TWO_KEYS]);
  const org = {
    ...base,
    users: base.users.map((u) => (u.login === TWO_KEYS ? { ...u, authenticatorEnrollments: keys.map(imported) } : u)),
    policies: [...base.policies, { ...passwordAndAnotherPolicy([DASHBOARD]), name: 'Dashboard', priority: 2 }],
  };
  // WebAuthn needs a domain for the relying party's id (an IP address is none): localhost.
  rig = await startWidgetRig(org, BUNDLES.gen2, 'localhost', classicWidgetPage({ webauthn: true }));
});
after(() => rig?.stop());

describe('the Okta widget in Classic mode: WebAuthn in Chromium (virtual authenticator)', () => {
  it('enrolls a security key after the password (MFA_ENROLL, Configure factor, Enroll, the browser\'s ceremony, activate): SUCCESS with a sessionToken', () => withWidget(rig, async (session) => {
    const { cdp, authenticatorId } = await virtualAuthenticator(session.page);
    await classicPrimaryAuth(session, PERSON, TEST.password);
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
    await assertSessionToken(rig, success.sessionToken);
    enrolledCredentials = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    assert.equal(enrolledCredentials.length, 1);
  }, { firstView: 'primary-auth' }));

  it('signs in with the key: MFA_REQUIRED opens its verify form, which asks the browser at once; SUCCESS with a sessionToken', () => withWidget(rig, async (session) => {
    assert.equal(enrolledCredentials.length, 1, 'the enrollment test ran');
    await virtualAuthenticator(session.page, enrolledCredentials);
    await classicPrimaryAuth(session, PERSON, TEST.password);
    const success = await classicWidgetSuccess(session);
    assert.equal(success.status, 'SUCCESS');
    assert.equal(success.login, PERSON);
    await assertSessionToken(rig, success.sessionToken);
  }, { firstView: 'primary-auth' }));

  it('with two keys: MFA_REQUIRED\'s factorTypes make them one choice, verified by factorType (one challenge, both keys allowed)', () => withWidget(rig, async (session) => {
    const { cdp, authenticatorId } = await virtualAuthenticator(session.page, keys.map(held));
    const verifyCalls: string[] = [];
    session.page.on('request', (r) => r.method() === 'POST' && r.url().includes('/verify') && verifyCalls.push(new URL(r.url()).pathname));
    await classicPrimaryAuth(session, TWO_KEYS, TEST.password);
    const success = await classicWidgetSuccess(session);
    assert.equal(success.status, 'SUCCESS');
    assert.equal(success.login, TWO_KEYS);
    await assertSessionToken(rig, success.sessionToken);
    assert.deepEqual(verifyCalls, ['/api/v1/authn/factors/webauthn/verify', '/api/v1/authn/factors/webauthn/verify']);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.filter((c) => c.signCount > 0).length, 1, 'one of the two keys signed');
  }, { firstView: 'primary-auth' }));
});
