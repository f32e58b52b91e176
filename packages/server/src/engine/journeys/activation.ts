import type { TransactionState } from '../../store/repositories/idxTransactions.js';
import type { User } from '../../store/repositories/users.js';

/**
 * Activation by token (Okta's `activation_token` at /v1/interact): the token, used up there
 * (org/activation.ts), names a user imported or invited. Their transaction begins with them
 * identified and the token counted as the email, where Okta sends activation links; from there it
 * is a sign-in (journeys/signIn.ts): the enrollment policy has them set a password and enroll what it
 * requires, then they are signed in and ACTIVE (see activateRegistered).
 */
export function activationState(user: User, now: number, classic: boolean): TransactionState {
  const email = { authenticatorKey: 'okta_email', methodType: 'email', at: now };
  // Okta's Classic Engine takes the token as the primary authentication of a user who has a password
  // (Authentication API reference, "activation token": SUCCESS, or MFA_ENROLL, without asking it).
  const password = classic && user.passwordHash ? [{ authenticatorKey: 'okta_password', methodType: 'password', at: now }] : [];
  return { identifier: user.login, verified: [email, ...password], sessionChecked: true };
}
