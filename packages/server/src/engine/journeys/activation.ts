import type { TransactionState } from '../../store/repositories/idxTransactions.js';
import type { User } from '../../store/repositories/users.js';

/**
 * Activation by token (Okta's `activation_token` at /v1/interact): the token, used up there
 * (org/activation.ts), names a user imported or invited. Their transaction begins with them
 * identified and the token counted as the email, where Okta sends activation links; from there it
 * is a sign-in (journeys/signIn.ts): the enrollment policy has them set a password and enroll what it
 * requires, then they are signed in and ACTIVE (see activateRegistered).
 */
export function activationState(user: User, now: number): TransactionState {
  return { identifier: user.login, verified: [{ authenticatorKey: 'okta_email', methodType: 'email', at: now }], sessionChecked: true };
}
