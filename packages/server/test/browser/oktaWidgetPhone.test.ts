import { after, before, describe, it } from 'node:test';
import {
  answerChallenge, assertSignedIn, form, identify, screenshotState, startWidgetRig, waitForView, withWidget, type OktaWidgetRig, type WidgetSession, submitForm,
} from '../support/oktaWidget.js';
import { TEST } from '../support/testOrg.js';
import { enrollPhone, phoneOrg } from '../support/phoneOrg.js';
import { codeIn, latestEmailText } from '../support/outbox.js';

/** One enrolls a phone in the widget; the other has one already and verifies it (each number has its own 30-second cool-down). */
const ENROLLS = { login: 'olga@example.com', phone: '+14155550180' };
const VERIFIES = { login: 'otto@example.com', phone: '+14155550181' };

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(phoneOrg([ENROLLS.login, VERIFIES.login], [TEST.spa.clientId]));
  await enrollPhone(rig.server.lk.store, VERIFIES.login, VERIFIES.phone);
});
after(() => rig?.stop());

/** The code in the newest text or call to `phone`, read through the development outbox. */
const codeSentTo = async (phone: string): Promise<string> => codeIn(await latestEmailText(rig.server.url, phone));

async function passwordDone(session: WidgetSession, login: string): Promise<void> {
  await identify(session, login);
  await waitForView(session, 'challenge-authenticator', 'okta_password');
  await answerChallenge(session, TEST.password);
}

describe('@okta/okta-signin-widget v7 (Interaction Code flow): the phone', () => {
  it('enrolls: country and number, SMS, then the texted code: tokens with amr sms', () => withWidget(rig, async (session) => {
    await passwordDone(session, ENROLLS.login);
    await waitForView(session, 'authenticator-enrollment-data', 'phone_number');
    await screenshotState(session, 'enroll-phone-number');
    await form(session.page).locator('input[name="authenticator.phoneNumber"]').fill('4155550180');
    await submitForm(session);
    await waitForView(session, 'enroll-authenticator', 'phone_number');
    await screenshotState(session, 'enroll-phone-code');
    await answerChallenge(session, await codeSentTo(ENROLLS.phone));
    await assertSignedIn(rig, session, ['pwd', 'sms', 'mfa'], ENROLLS.login);
  }));

  it('verifies: "Receive a code via SMS" for the masked number, then the code', () => withWidget(rig, async (session) => {
    await passwordDone(session, VERIFIES.login);
    await waitForView(session, 'authenticator-verification-data', 'phone_number');
    await form(session.page).getByText('+1 XXX-XXX-0181').first().waitFor();
    await screenshotState(session, 'verify-phone-method');
    await form(session.page).getByRole('button', { name: 'Receive a code via SMS' }).click();
    await waitForView(session, 'challenge-authenticator', 'phone_number');
    await screenshotState(session, 'verify-phone-code');
    await answerChallenge(session, await codeSentTo(VERIFIES.phone));
    await assertSignedIn(rig, session, ['pwd', 'sms', 'mfa'], VERIFIES.login);
  }));
});
