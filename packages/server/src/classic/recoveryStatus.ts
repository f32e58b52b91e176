import type { Step } from '../engine/step.js';
import { RECOVERY, RESET_FORM } from '../engine/journeys/recovery.js';
import { UNLOCK } from '../engine/journeys/unlock.js';
import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { User } from '../store/repositories/users.js';
import { awaitsActivation } from '../org/activation.js';
import { AccountMessages } from '../vocabulary/accountMessages.js';
import type { Message } from '../vocabulary/messages.js';
import { recoveryFactorOf, type RecoveryFactor } from './recoveryFactors.js';
import { withRelayState } from './relayState.js';
import { passwordReset, recoveryChallenge, recoveryQuestion, unlocked, type RecoveryType } from './recoveryResponse.js';

type Json = Record<string, unknown>;

export const RECOVERY_QUESTION = 'security_question';
const PASSWORD = 'okta_password';

export const isRecovering = (txn: IdxTransaction): boolean => txn.state.journey === RECOVERY || txn.state.journey === UNLOCK;
export const recoveryTypeOf = (txn: IdxTransaction): RecoveryType => (txn.state.journey === UNLOCK ? 'UNLOCK' : 'PASSWORD');
/** The step says `message` (an unlock done, a reset refused). */
export const says = (step: Step, message: Message): boolean => step.view.messages.some((m) => m.key === message.key);

/**
 * Where a recovery or unlock stands after a proof, as the recovery routes answer it: unlocked (SUCCESS),
 * the new password (PASSWORD_RESET) or the recovery question (RECOVERY). Undefined otherwise (the
 * sign-in goes on, or nothing is proved yet).
 */
export function recoveryStatus(step: Step, user: User | undefined, baseUrl: string): Json | undefined {
  const status = proofStatus(step, user, baseUrl);
  return status && withRelayState(status, step.view.relayState);
}

/**
 * A user who awaits activation, named by their activation token, is asked for their first password:
 * Okta's Classic Engine calls it PASSWORD_RESET, recoveryType ACCOUNT_ACTIVATION (answered at
 * /credentials/reset_password like a recovery's). Checked against Okta's Authentication API reference,
 * "Primary authentication with activation tokens" (developer.okta.com/docs/reference/api/authn): the
 * answer for a user without a password is exactly this status, recoveryType, `_links.next` named
 * resetPassword and `_links.cancel`. Its example `_embedded.policy` has `expiration` and no `age`; the
 * Password policy object says `expiration` may be null, and what passwordExpireDays means for a first
 * password is not said, so we leave it out and show `age` as every PASSWORD_RESET does.
 */
export const settingFirstPassword = (step: Step, user: User | undefined): boolean =>
  user !== undefined && awaitsActivation(user) && step.view.current?.key === PASSWORD && step.view.current.enrolling === true;

function proofStatus(step: Step, user: User | undefined, baseUrl: string): Json | undefined {
  if (settingFirstPassword(step, user)) return passwordReset(step, user, baseUrl, 'ACCOUNT_ACTIVATION');
  if (says(step, AccountMessages.unlocked) || says(step, AccountMessages.unlockedGoOn)) return unlocked(step, user);
  if (step.view.remediations.some((r) => r.name === RESET_FORM)) return passwordReset(step, user, baseUrl);
  const question = step.view.current?.key === RECOVERY_QUESTION ? step.view.current.profile?.question : undefined;
  return question ? recoveryQuestion(step, user, question, baseUrl) : undefined;
}

/**
 * A recovery's status as the last route answered it, for the introspection of its stateToken
 * (`POST /api/v1/authn`, a reload): after a proof, recoveryStatus; before, the RECOVERY_CHALLENGE of the
 * texted or called code (whether or not one could be sent); an activation's first password. Undefined once the sign-in goes on.
 */
export function resumedRecoveryStatus(txn: IdxTransaction, step: Step, user: User | undefined, baseUrl: string): Json | undefined {
  if (!isRecovering(txn)) return settingFirstPassword(step, user) ? recoveryStatus(step, user, baseUrl) : undefined;
  const factor = txn.state.recoveryFactor ? recoveryFactorOf(txn.state.recoveryFactor) : undefined;
  return recoveryStatus(step, user, baseUrl) ?? (factor && pendingRecoveryChallenge(factor, txn, { stateToken: step.stateHandle, expiresAt: step.view.expiresAt }, baseUrl));
}

/** RECOVERY_CHALLENGE of the code texted or called in `txn` (whether or not one was sent), with the transaction's relayState. */
export function pendingRecoveryChallenge(factor: RecoveryFactor, txn: IdxTransaction, pending: { stateToken: string; expiresAt: number }, baseUrl: string): Json {
  return withRelayState(recoveryChallenge(factor, recoveryTypeOf(txn), baseUrl, pending), txn.request.relayState);
}
