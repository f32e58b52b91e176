import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST } from '../support/testOrg.js';
import { webauthnAuthenticator } from '../../src/authenticators/webauthn/webauthnAuthenticator.js';
import { virtualAuthenticator } from '../support/virtualAuthenticator.js';
import { webauthnOrg } from '../support/webauthnOrg.js';
import { checkState, fillAndSubmit, startRig, waitForRender, widget, widgetResult, withWidget, type Rig, type Session } from './widgetHarness.js';

/** The person who enrolls a passkey during sign-in; the later tests sign in with the credential it made. */
const PERSON = 'kim@example.com';

/** Username, then password: the step of the security key that follows. */
async function keyStepAfterPassword(session: Session, form: 'enroll-authenticator' | 'challenge-authenticator') {
  await fillAndSubmit(session, { Username: PERSON }, 'Next');
  await waitForRender(session, 'challenge-authenticator', 'okta_password');
  await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
  return waitForRender(session, form, 'webauthn');
}

let rig: Rig;
/** What the virtual authenticator of the first test holds once Kim enrolled. */
let enrolledCredentials: any[] = [];
before(async () => {
  rig = await startRig(webauthnOrg([PERSON]), 'localhost');
});
after(() => rig.stop());

describe('Latchkey widget: WebAuthn in Chromium (virtual authenticator)', () => {
  it('enrolls a passkey during sign-in: after the password, "Set up" registers it (resident, user verified)', async () => {
    await withWidget(rig, {}, async (session) => {
      const { cdp, authenticatorId } = await virtualAuthenticator(session.page);
      const enrolling = await keyStepAfterPassword(session, 'enroll-authenticator');
      assert.equal(enrolling.controller, 'enroll-webauthn');
      await checkState(session, 'webauthn-enroll');
      await widget(session.page).getByRole('button', { name: 'Set up' }).click();
      const tokens = await widgetResult(session);
      assert.deepEqual([...tokens.idToken.claims.amr].sort(), ['hwk', 'mfa', 'pwd']);
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      assert.equal(credentials.length, 1);
      assert.equal(credentials[0].isResidentCredential, true, 'a discoverable credential: it can sign in without a username');
      enrolledCredentials = credentials;
      // What the policy layer can read of it: Chromium's virtual authenticator keeps its key (no backup) and verified the person.
      const user = await rig.server.lk.store.users.findByLogin(PERSON);
      const [enrollment] = await rig.server.lk.store.authenticatorEnrollments.listOf(user!.id);
      assert.deepEqual(webauthnAuthenticator.characteristics?.of(enrollment), { hardwareProtected: true, userVerifying: true });
      assert.equal(webauthnAuthenticator.characteristics?.phishingResistant, true);
    });
  });

  it('signs in with it as the second factor: the password, then "Verify" with the key', async () => {
    assert.equal(enrolledCredentials.length, 1, 'the enrollment test ran');
    await withWidget(rig, {}, async (session) => {
      const { cdp, authenticatorId } = await virtualAuthenticator(session.page, enrolledCredentials);
      const verifying = await keyStepAfterPassword(session, 'challenge-authenticator');
      assert.equal(verifying.controller, 'mfa-verify-webauthn');
      await checkState(session, 'webauthn-verify');
      await widget(session.page).getByRole('button', { name: 'Verify' }).click();
      assert.deepEqual([...(await widgetResult(session)).idToken.claims.amr].sort(), ['hwk', 'mfa', 'pwd']);
      // Its signature counter moved on: a copy with the old count would be refused as a clone.
      enrolledCredentials = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    });
  });

  it('signs in with the passkey without a username: "Sign in with a passkey" on the identify screen, then the password the app asks besides', async () => {
    assert.equal(enrolledCredentials.length, 1, 'the enrollment test ran');
    await withWidget(rig, {}, async (session) => {
      await virtualAuthenticator(session.page, enrolledCredentials);
      await checkState(session, 'webauthn-identify-passkey');
      await widget(session.page).getByRole('button', { name: 'Sign in with a passkey' }).click();
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await assert.doesNotReject(widget(session.page).getByText(PERSON).first().waitFor({ timeout: 5000 }), 'the passkey named the person');
      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      const { claims } = (await widgetResult(session)).idToken;
      assert.equal(claims.email, PERSON);
      assert.deepEqual([...claims.amr].sort(), ['hwk', 'mfa', 'pwd']);
    });
  });

  it('a passkey the org does not know: the widget shows the failure and stays on identify', async () => {
    await withWidget(rig, {}, async (session) => {
      const { cdp, authenticatorId } = await virtualAuthenticator(session.page);
      // A discoverable credential for this RP that Latchkey never registered.
      await session.page.evaluate(async () => {
        await navigator.credentials.create({ publicKey: {
          rp: { name: 'x', id: 'localhost' }, user: { id: new Uint8Array(15), name: 'stranger', displayName: 'Stranger' },
          challenge: new Uint8Array(32), pubKeyCredParams: [{ type: 'public-key', alg: -7 }], authenticatorSelection: { residentKey: 'required' },
        } });
      });
      assert.equal((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length, 1);
      await widget(session.page).getByRole('button', { name: 'Sign in with a passkey' }).click();
      await widget(session.page).getByText('None of the WebAuthn authenticators').waitFor({ timeout: 10_000 });
      await waitForRender(session, 'identify');
    });
  });
});
