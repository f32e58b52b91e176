import type { Authenticator } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { VERIFY_KEY } from './deviceEnrollment.js';
import { pushAnswer, sendPush, shownNumber } from './pushChallenge.js';
import { verifyEnrollment } from './verifyEnrollment.js';

/**
 * Latchkey Verify, on Okta Verify's wire (key okta_verify, method push): a device app enrolled by QR
 * code holds an ES256 key; a sign-in sends it a push, which it approves (choosing the number shown
 * on the sign-in page) or denies through the device API, while the client polls. It proves
 * possession of the device key (amr swk); neither user verification nor hardware is claimed.
 */
export const verifyAuthenticator: Authenticator = {
  key: VERIFY_KEY,
  type: 'app',
  displayName: 'Latchkey Verify',
  factorClass: 'possession',
  amr: 'swk',
  methodType: 'push',
  classicFactor: { factorType: 'push', provider: 'OKTA' },
  enrolledByFew: true,
  isEnrolled: (_user, enrollments) => enrollments.some((e) => e.authenticatorKey === VERIFY_KEY),
  answerFields: () => [],
  // Okta's re-send: a new push (and number), counted against the username's limit; the number the sign-in page shows.
  presentation: (_user, _identifier, challenge) => {
    const number = challenge && shownNumber(challenge);
    return { resend: true, ...(number && { contextualData: number }) };
  },
  challenge: sendPush,
  // Nothing is typed: the answer comes from the device, seen by polling.
  verify: async () => ({ ok: false, error: new EngineError(400, [Messages.malformed], false) }),
  answeredElsewhere: pushAnswer,
  enrollment: verifyEnrollment,
};
