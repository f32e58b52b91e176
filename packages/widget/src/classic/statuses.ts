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

/** Statuses whose form is sent to the transaction's `next` link (RECOVERY_CHALLENGE when a code is asked: it has a stateToken). */
const SENT_TO_NEXT = new Set(['PASSWORD_EXPIRED', 'PASSWORD_WARN', 'RECOVERY', 'PASSWORD_RESET']);
const needsNext = (tx: AuthnTransaction) => SENT_TO_NEXT.has(tx.status) || (tx.status === 'RECOVERY_CHALLENGE' && tx.stateToken !== undefined);

/**
 * The view of a transaction: an unlock's SUCCESS says the account is unlocked; undefined for a
 * status the widget cannot show, or one without the link its form would be sent to.
 */
export function viewOf(tx: AuthnTransaction): ClassicView | undefined {
  if (needsNext(tx) && !tx._links?.next?.href) return undefined;
  return tx.status === 'SUCCESS' && tx.recoveryType === 'UNLOCK' ? accountUnlocked : STATUS_VIEWS[tx.status];
}
