import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { enrolledFactor } from '../../src/classic/authnFactors.js';
import { securityQuestionAuthenticator } from '../../src/authenticators/securityQuestion/securityQuestionAuthenticator.js';
import { DecoyIds } from '../../src/engine/decoyIds.js';
import { Views } from '../../src/engine/views.js';
import type { IdxTransaction } from '../../src/store/repositories/idxTransactions.js';
import type { AuthenticatorEnrollment } from '../../src/store/repositories/authenticatorEnrollments.js';

/**
 * A question factor as Classic's MFA_REQUIRED lists it: Okta's `profile.question` (the key) and
 * `profile.questionText` (shared/reference/okta-api-v1-authn/mfa-all-factors.json), never the answer.
 */
describe('Classic authn: the enrolled question factor', () => {
  const enrollment: AuthenticatorEnrollment = {
    id: 'pfdQuestion1', userId: '00uQuinn', authenticatorKey: 'security_question', status: 'ACTIVE',
    profile: { questionKey: 'disliked_food', question: 'What is the food you least liked as a child?' },
    sealedSecret: 'sealed-answer-hash', createdAt: 0, lastUsedAt: null, lastStep: null,
  };
  const txn = { state: { identifier: 'quinn@example.com' }, userId: '00uQuinn' } as unknown as IdxTransaction;
  const view = new Views(new DecoyIds(randomBytes(32))).enrollment({ authenticator: securityQuestionAuthenticator, enrollment, several: false }, txn, undefined);

  it("names the question by its key and text, in Okta's keys", () => {
    const factor = enrolledFactor(view, 'https://id.example.com')!;
    assert.equal(factor.factorType, 'question');
    assert.deepEqual(factor.profile, { question: 'disliked_food', questionText: 'What is the food you least liked as a child?' });
  });

  it('Identity Engine views of the enrollment stay as they were (no profile: Okta lists none there)', () => {
    assert.equal(view.profile, undefined);
    assert.ok(!JSON.stringify(view).includes('sealed-answer-hash'));
  });
});
