import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST } from '../support/testOrg.js';
import { enrollPhone, phoneOrg } from '../support/phoneOrg.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { checkState, fillAndSubmit, startRig, waitForRender, widget, widgetResult, withWidget, type Rig, type Session } from './widgetHarness.js';

/** One enrolls a phone in the widget; the other has one already and verifies it (each number has its own 30-second cool-down). */
const ENROLLS = { login: 'wendy@example.com', phone: '+14155550170' };
const VERIFIES = { login: 'walt@example.com', phone: '+14155550171' };

let rig: Rig;
before(async () => {
  rig = await startRig(phoneOrg([ENROLLS.login, VERIFIES.login], [TEST.spa.clientId]));
  await enrollPhone(rig.server.lk.store, VERIFIES.login, VERIFIES.phone);
});
after(() => rig?.stop());

/** The code in the newest text or call to `phone`, read through the development outbox. */
const codeSentTo = async (phone: string): Promise<string> => codeIn(await latestEmailText(rig.server.url, phone));

async function passwordDone(session: Session, login: string, next: string): Promise<void> {
  await fillAndSubmit(session, { Username: login }, 'Next');
  await waitForRender(session, 'challenge-authenticator', 'okta_password');
  await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
  await waitForRender(session, next, 'phone_number');
}

describe('Latchkey widget: the phone', () => {
  it('enrolls: the number (an invalid one is refused on the form) and SMS or voice, then the texted code; tokens with amr sms', async () => {
    await withWidget(rig, {}, async (session) => {
      await passwordDone(session, ENROLLS.login, 'authenticator-enrollment-data');
      const card = widget(session.page);
      await card.getByRole('heading', { name: 'Set up phone authentication' }).waitFor();
      await card.getByText(/Enter your phone number with its country code/).waitFor();
      await card.getByRole('radio', { name: 'SMS' }).check();
      assert.equal(await card.getByLabel('Phone number', { exact: true }).getAttribute('autocomplete'), 'tel');
      await checkState(session, 'phone-enroll-number');

      await fillAndSubmit(session, { 'Phone number': '555 0170' }, 'Send code');
      await card.getByRole('alert').getByText('Invalid Phone Number.').waitFor();
      await checkState(session, 'phone-enroll-invalid-number');

      await card.getByRole('radio', { name: 'SMS' }).check();
      await fillAndSubmit(session, { 'Phone number': '+1 415 555 0170' }, 'Send code');
      await waitForRender(session, 'enroll-authenticator', 'phone_number');
      await card.getByText('A code was sent to your phone. Enter the code below to verify.').waitFor();
      await card.getByRole('button', { name: 'Send again' }).waitFor();
      await checkState(session, 'phone-enroll-code');
      await fillAndSubmit(session, { 'Enter code': await codeSentTo(ENROLLS.phone) }, 'Verify');
      const tokens = await widgetResult(session);
      assert.deepEqual(tokens.idToken.claims.amr, ['pwd', 'sms', 'mfa']);
    });
  });

  it('verifies: the method chosen for the masked number, then the code read out by a call; in French', async () => {
    await withWidget(rig, { options: { language: 'fr' } }, async (session) => {
      await fillAndSubmit(session, { "Nom d'utilisateur": VERIFIES.login }, 'Suivant');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await fillAndSubmit(session, { 'Mot de passe': TEST.password }, 'Vérifier');
      await waitForRender(session, 'authenticator-verification-data', 'phone_number');
      const card = widget(session.page);
      await card.getByRole('heading', { name: 'Vérifier avec votre téléphone' }).waitFor();
      await card.getByText('Choisissez comment recevoir un code au +1 XXX-XXX-0171.').waitFor();
      await card.getByRole('radio', { name: 'Appel vocal' }).check();
      await checkState(session, 'phone-verify-method');
      await card.getByRole('button', { name: 'Envoyer le code' }).click();
      await waitForRender(session, 'challenge-authenticator', 'phone_number');
      await card.getByText('Appel de votre téléphone en cours. Saisissez le code ci-dessous pour vérifier.').waitFor();
      await checkState(session, 'phone-verify-code');
      await fillAndSubmit(session, { 'Saisissez le code': await codeSentTo(VERIFIES.phone) }, 'Vérifier');
      const tokens = await widgetResult(session);
      assert.deepEqual(tokens.idToken.claims.amr, ['pwd', 'sms', 'mfa']);
    });
  });
});
