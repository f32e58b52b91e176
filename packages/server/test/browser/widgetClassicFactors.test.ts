import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authenticator } from 'otplib';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { checkState, fillAndSubmit, startRig, widget, withWidget, type Rig, type Session } from './widgetHarness.js';
import { CLASSIC, classicSuccess, dashboardPolicy, setCookieAndRedirect, waitForScreen } from './widgetClassicHarness.js';

/**
 * Latchkey's widget in Classic mode against Latchkey's /api/v1/authn in Chromium: verifying a factor
 * sent for (email, SMS: MFA_REQUIRED → MFA_CHALLENGE), and enrolling one (MFA_ENROLL →
 * MFA_ENROLL_ACTIVATE: Google Authenticator from its QR code's secret, SMS to a phone number typed,
 * a security question), with "Skip set up" for an optional one.
 */

const TWO_FACTORS = 'Two factors';
const PHONE = '+14155550311';
const NEW_PHONE = '+14155550312';
const PEOPLE = { email: 'eli@example.com', sms: 'sue@example.com', totpEnroll: 'tina@example.com', smsEnroll: 'sid@example.com', question: 'quinn@example.com' };

const enrollPolicy = (key: string, priority: number) => ({
  type: 'MFA_ENROLL', name: `Enroll ${key}`, priority, conditions: { people: { groups: { include: [`Enroll ${key}`] } } },
  settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key, enroll: { self: 'REQUIRED' } }] },
});

function org() {
  const base = testOrg();
  const person = (login: string, groups: string[], extra: Record<string, unknown> = {}) =>
    ({ login, profile: { firstName: 'Pat', lastName: 'Tester', email: login }, password: TEST.password, groups: ['Engineering', ...groups], emailVerified: false, ...extra });
  return {
    ...base,
    groups: [...base.groups, ...[TWO_FACTORS, 'Enroll google_otp', 'Enroll phone_number', 'Enroll security_question'].map((name) => ({ name }))],
    users: [
      ...base.users,
      person(PEOPLE.email, [TWO_FACTORS], { emailVerified: true }),
      person(PEOPLE.sms, [TWO_FACTORS], { authenticatorEnrollments: [{ key: 'phone_number', profile: { phoneNumber: PHONE } }] }),
      person(PEOPLE.totpEnroll, [TWO_FACTORS, 'Enroll google_otp']),
      person(PEOPLE.smsEnroll, [TWO_FACTORS, 'Enroll phone_number']),
      person(PEOPLE.question, ['Enroll security_question']),
    ],
    policies: [dashboardPolicy(TWO_FACTORS), enrollPolicy('google_otp', 1), enrollPolicy('phone_number', 2), enrollPolicy('security_question', 3)],
  };
}

let rig: Rig;
before(async () => {
  rig = await startRig(org());
});
after(() => rig?.stop());

const classic = (test: (session: Session) => Promise<void>) => withWidget(rig, { options: CLASSIC, firstForm: 'UNAUTHENTICATED' }, test);
const signIn = (session: Session, username: string) => fillAndSubmit(session, { Username: username, Password: TEST.password }, 'Sign In');
const codeSentTo = async (to: string) => codeIn(await latestEmailText(rig.server.url, to));

/** Signs `login` in to MFA_ENROLL and chooses the factor whose name starts `factor`; waits for its screen (`controller`). */
async function chooseToEnroll(session: Session, login: string, factor: string, controller: string, screenshot?: string): Promise<void> {
  await signIn(session, login);
  await waitForScreen(session, 'enroll-choices');
  await widget(session.page).getByRole('heading', { name: 'Set up multifactor authentication' }).waitFor();
  if (screenshot) await checkState(session, screenshot);
  await widget(session.page).getByRole('button', { name: new RegExp(`^${factor}`) }).click();
  await waitForScreen(session, controller);
}

describe('Latchkey widget in Classic mode: factors', () => {
  it('email: "Send me the code", a wrong code refused, "Re-send email", the new code signs in', () => classic(async (session) => {
    const card = widget(session.page);
    await signIn(session, PEOPLE.email);
    await waitForScreen(session, 'mfa-verify');
    await card.getByRole('heading', { name: 'Email Authentication' }).waitFor();
    await checkState(session, 'classic-mfa-verify-email');
    await card.getByRole('button', { name: 'Send me the code' }).click();
    await card.getByText(/^A verification code was sent to .+\. Check your email and enter the code below\.$/).waitFor();
    const first = await codeSentTo(PEOPLE.email);
    await fillAndSubmit(session, { 'Enter Code': first === '000000' ? '111111' : '000000' }, /^Verify$/);
    await card.getByRole('alert').getByText('Invalid Passcode/Answer').waitFor();
    await checkState(session, 'classic-mfa-challenge-email-wrong');
    await card.getByRole('button', { name: 'Re-send email' }).click();
    await card.getByRole('status').getByText('A new code is on its way.').waitFor();
    const second = await codeSentTo(PEOPLE.email);
    await fillAndSubmit(session, { 'Enter Code': second }, /^Verify$/);
    const success = await classicSuccess(session);
    assert.equal(success.login, PEOPLE.email);
    assert.deepEqual(await setCookieAndRedirect(rig, session), { status: 200, login: PEOPLE.email });
  }));

  it('SMS: "Send code", the code texted signs in; then the optional email is skipped ("Skip set up")', () => classic(async (session) => {
    const card = widget(session.page);
    await signIn(session, PEOPLE.sms);
    await card.getByRole('heading', { name: 'SMS Authentication' }).waitFor();
    await card.getByRole('button', { name: 'Send code' }).click();
    await waitForScreen(session, 'mfa-verify', 1);
    await card.getByRole('button', { name: 'Re-send code' }).waitFor();
    await checkState(session, 'classic-mfa-challenge-sms');
    await fillAndSubmit(session, { 'Enter Code': await codeSentTo(PHONE) }, /^Verify$/);
    await waitForScreen(session, 'enroll-choices');
    await card.getByRole('button', { name: /^Email Authentication/ }).waitFor();
    await checkState(session, 'classic-enroll-choices-optional');
    await card.getByRole('button', { name: 'Skip set up' }).click();
    assert.equal((await classicSuccess(session)).login, PEOPLE.sms);
  }));

  it('enrolls Google Authenticator: the QR code and its secret, the app\'s code activates it; SUCCESS', () => classic(async (session) => {
    const card = widget(session.page);
    await chooseToEnroll(session, PEOPLE.totpEnroll, 'Google Authenticator', 'barcode-totp', 'classic-enroll-choices');
    const qr = card.getByRole('img', { name: 'Scan QR code' });
    assert.ok(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100 && img.src.startsWith('data:image/png;base64,')), 'the QR code is shown');
    const secret = (await card.locator('[data-se="shared-secret"]').textContent()) ?? '';
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    await checkState(session, 'classic-enroll-totp');
    await fillAndSubmit(session, { 'Enter code displayed from application': authenticator.generate(secret) }, /^Verify$/);
    assert.equal((await classicSuccess(session)).login, PEOPLE.totpEnroll);
  }));

  it('enrolls SMS: the phone number typed, the code texted to it activates it; SUCCESS', () => classic(async (session) => {
    await chooseToEnroll(session, PEOPLE.smsEnroll, 'SMS Authentication', 'enroll-sms');
    await checkState(session, 'classic-enroll-sms');
    await fillAndSubmit(session, { 'Phone number': NEW_PHONE }, 'Send code');
    await waitForScreen(session, 'enroll-activate-sms');
    await checkState(session, 'classic-enroll-activate-sms');
    await fillAndSubmit(session, { 'Enter code': await codeSentTo(NEW_PHONE) }, /^Verify$/);
    assert.equal((await classicSuccess(session)).login, PEOPLE.smsEnroll);
  }));

  it('enrolls a security question: one of the questions listed, its answer; SUCCESS', () => classic(async (session) => {
    await chooseToEnroll(session, PEOPLE.question, 'Security Question', 'enroll-question');
    const question = widget(session.page).getByLabel('Choose a security question', { exact: true });
    assert.ok((await question.locator('option').count()) > 5, 'Okta\'s questions are listed');
    await question.selectOption({ index: 2 });
    await checkState(session, 'classic-enroll-question');
    await fillAndSubmit(session, { Answer: 'Grandma Moses' }, 'Next');
    assert.equal((await classicSuccess(session)).login, PEOPLE.question);
  }));
});
