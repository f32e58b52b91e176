import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { checkState, fillAndSubmit, startRig, widget, withWidget, type Rig, type Session } from './widgetHarness.js';
import { CLASSIC, classicSuccess, setCookieAndRedirect, waitForScreen } from './widgetClassicHarness.js';

/**
 * Latchkey's widget in Classic mode recovering a password by SMS (features.smsRecovery) under a
 * password policy that asks the recovery question after the code: RECOVERY_CHALLENGE (the texted
 * code) → RECOVERY (the question set up through the widget's MFA_ENROLL) → PASSWORD_RESET → SUCCESS.
 */

const CAREFUL = 'Careful';
const PERSON = 'rosa@example.com';
const PHONE = '+14155550421';
const ANSWER = 'Mr Snuggles';
const NEW_PASSWORD = 'Fresh-Start-2468';

function org() {
  const base = testOrg();
  return {
    ...base,
    groups: [...base.groups, { name: CAREFUL }],
    users: [...base.users, {
      login: PERSON, profile: { firstName: 'Rosa', email: PERSON }, password: TEST.password, groups: ['Engineering', CAREFUL], emailVerified: false,
      authenticatorEnrollments: [{ key: 'phone_number', profile: { phoneNumber: PHONE } }],
    }],
    policies: [{
      type: 'PASSWORD', name: CAREFUL, priority: 1, conditions: { people: { groups: { include: [CAREFUL] } } },
      rules: [{ name: 'SMS, then the question', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['sms'] }, stepUp: { required: true, methods: ['security_question'] } } } } }],
    }, {
      type: 'MFA_ENROLL', name: CAREFUL, priority: 1, conditions: { people: { groups: { include: [CAREFUL] } } },
      settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'security_question', enroll: { self: 'REQUIRED' } }, { key: 'okta_email', enroll: { self: 'NOT_ALLOWED' } }] },
    }],
  };
}

let rig: Rig;
before(async () => {
  rig = await startRig(org());
});
after(() => rig?.stop());

const classic = (test: (session: Session) => Promise<void>) =>
  withWidget(rig, { options: { ...CLASSIC, features: { smsRecovery: true } }, firstForm: 'UNAUTHENTICATED' }, test);

describe('Latchkey widget in Classic mode: password recovery by SMS and the recovery question', () => {
  it('the texted code, the question set up at the first sign-in, a new password: SUCCESS, and the new password signs in', async () => {
    let question = '';
    await classic(async (session) => {
      await fillAndSubmit(session, { Username: PERSON, Password: TEST.password }, 'Sign In');
      await waitForScreen(session, 'enroll-choices');
      await widget(session.page).getByRole('button', { name: /^Security Question/ }).click();
      await waitForScreen(session, 'enroll-question');
      const select = widget(session.page).getByLabel('Choose a security question', { exact: true });
      question = (await select.locator('option:checked').textContent()) ?? '';
      await fillAndSubmit(session, { Answer: ANSWER }, 'Next');
      assert.equal((await classicSuccess(session)).login, PERSON);
    });

    await classic(async (session) => {
      const card = widget(session.page);
      await card.getByRole('button', { name: 'Forgot password?' }).click();
      await waitForScreen(session, 'forgot-password');
      await checkState(session, 'classic-forgot-password-sms');
      await fillAndSubmit(session, { 'Email or Username': PERSON }, 'Reset via SMS');
      await waitForScreen(session, 'recovery-challenge');
      await card.getByRole('heading', { name: 'Enter verification code sent via SMS' }).waitFor();
      await checkState(session, 'classic-recovery-challenge-sms');
      await fillAndSubmit(session, { 'Enter Code': codeIn(await latestEmailText(rig.server.url, PHONE)) }, /^Verify$/);

      await waitForScreen(session, 'recovery-question');
      await checkState(session, 'classic-recovery-question');
      await fillAndSubmit(session, { [question]: 'Not the answer' }, 'Reset Password');
      await card.getByRole('alert').waitFor();
      await fillAndSubmit(session, { [question]: ANSWER }, 'Reset Password');

      await waitForScreen(session, 'password-reset');
      await fillAndSubmit(session, { 'New password': NEW_PASSWORD, 'Repeat password': NEW_PASSWORD }, 'Reset Password');
      assert.equal((await classicSuccess(session)).login, PERSON);
      assert.deepEqual(await setCookieAndRedirect(rig, session), { status: 200, login: PERSON });
    });

    await classic(async (session) => {
      await fillAndSubmit(session, { Username: PERSON, Password: NEW_PASSWORD }, 'Sign In');
      assert.equal((await classicSuccess(session)).login, PERSON);
    });
  });
});
