import { enrollActivate } from './screens/activate.js';
import { mfaEnroll } from './screens/enroll.js';
import { changePassword, resetPassword } from './screens/password.js';
import { lockedOut, primaryAuth } from './screens/primaryAuth.js';
import { accountUnlocked, recoveryChallenge, recoveryQuestion } from './screens/recovery.js';
import { mfaChallenge, mfaRequired } from './screens/verify.js';
import type { AuthnTransaction } from './types.js';
import type { ClassicView } from './view.js';

/** The screen of each authn status the widget shows (SUCCESS of a sign-in settles the widget instead). */
const STATUS_VIEWS: Record<string, ClassicView> = {
  UNAUTHENTICATED: (c) => primaryAuth(c),
  LOCKED_OUT: lockedOut,
  MFA_REQUIRED: mfaRequired,
  MFA_CHALLENGE: mfaChallenge,
  MFA_ENROLL: mfaEnroll,
  MFA_ENROLL_ACTIVATE: enrollActivate,
  PASSWORD_EXPIRED: changePassword,
  PASSWORD_WARN: changePassword,
  RECOVERY_CHALLENGE: recoveryChallenge,
  RECOVERY: recoveryQuestion,
  PASSWORD_RESET: resetPassword,
};

/** The view of a transaction: an unlock's SUCCESS says the account is unlocked; undefined for a status the widget cannot show. */
export const viewOf = (tx: AuthnTransaction): ClassicView | undefined =>
  (tx.status === 'SUCCESS' && tx.recoveryType === 'UNLOCK' ? accountUnlocked : STATUS_VIEWS[tx.status]);
