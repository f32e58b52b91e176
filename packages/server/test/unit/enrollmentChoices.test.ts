import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Authenticator } from '../../src/authenticators/authenticator.js';
import type { AuthenticatorEnrollment } from '../../src/store/repositories/authenticatorEnrollments.js';
import { challengedEnrollment, chosen, enrollmentChoices, pendingChoice } from '../../src/engine/enrollmentChoices.js';

const kind = (key: string) => ({ key }) as Authenticator;
const PASSWORD = kind('okta_password');
const TOTP = kind('google_otp');
const row = (id: string, authenticatorKey = TOTP.key) => ({ id, authenticatorKey }) as AuthenticatorEnrollment;
const idOf = (a: Authenticator) => `aut-${a.key}`;

describe('enrollment choices', () => {
  it('one choice per row of a kind, in order; a kind without rows (kept on the user) is one choice', () => {
    const choices = enrollmentChoices([PASSWORD, TOTP], [row('paeA'), row('paeB'), row('paeX', 'phone_number')]);
    assert.deepEqual(choices.map((c) => [c.authenticator.key, c.enrollment?.id, c.several]), [
      ['okta_password', undefined, false], ['google_otp', 'paeA', true], ['google_otp', 'paeB', true],
    ]);
    assert.equal(enrollmentChoices([TOTP], [row('paeA')])[0].several, false);
  });

  it('a select names the enrollment; without enrollmentId the first of the kind; an unknown one is no choice', () => {
    const choices = enrollmentChoices([PASSWORD, TOTP], [row('paeA'), row('paeB')]);
    assert.equal(chosen(choices, 'aut-google_otp', idOf, 'paeB')?.enrollment?.id, 'paeB');
    assert.equal(chosen(choices, 'aut-google_otp', idOf)?.enrollment?.id, 'paeA');
    assert.equal(chosen(choices, 'aut-google_otp', idOf, 'paeC'), undefined);
    assert.equal(chosen(choices, 'aut-okta_password', idOf, 'paeB')?.authenticator, PASSWORD, 'a kind without rows ignores enrollmentId');
  });

  it('the pending challenge is its chosen row; without one, the only row of the kind, none when there are several', () => {
    const pending = { authenticatorKey: TOTP.key, methodType: 'otp', data: {} };
    const rows = [row('paeA'), row('paeB')];
    assert.equal(challengedEnrollment(rows, { ...pending, enrollmentId: 'paeB' })?.id, 'paeB');
    assert.equal(challengedEnrollment(rows, pending), undefined);
    assert.equal(challengedEnrollment([row('paeA')], pending)?.id, 'paeA');
    assert.equal(challengedEnrollment(rows, { ...pending, enrolling: true, enrollmentId: 'paeB' }), undefined, 'enrolling: a new one');
    assert.equal(pendingChoice(enrollmentChoices([TOTP], rows), { ...pending, enrollmentId: 'paeB' })?.enrollment?.id, 'paeB');
  });
});
