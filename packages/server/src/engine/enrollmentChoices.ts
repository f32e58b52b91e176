import type { Authenticator } from '../authenticators/authenticator.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import type { PendingChallenge } from '../store/repositories/idxTransactions.js';

/**
 * One enrollment of an enrolled authenticator, as the person chooses it: a row of
 * authenticator_enrollments (a user may have several of a kind, as in Okta: two TOTP apps, two
 * phones), or no row for those kept on the users table (password, email) and for an identifier
 * that matched nobody, which have exactly one.
 */
export interface EnrollmentChoice {
  authenticator: Authenticator;
  enrollment?: AuthenticatorEnrollment;
  /** The user has more than one of this kind: the choice must name the enrollment (Okta's `enrollmentId`). */
  several: boolean;
}

/** Every enrollment of `authenticators`, in their order, each authenticator's rows oldest first. */
export function enrollmentChoices(authenticators: readonly Authenticator[], rows: readonly AuthenticatorEnrollment[]): EnrollmentChoice[] {
  return authenticators.flatMap((authenticator): EnrollmentChoice[] => {
    const own = rows.filter((r) => r.authenticatorKey === authenticator.key);
    if (own.length === 0) return [{ authenticator, several: false }];
    return own.map((enrollment) => ({ authenticator, enrollment, several: own.length > 1 }));
  });
}

/**
 * The choice a select names: by the authenticator's id and, when it has rows, by `enrollmentId`
 * (without one, its first enrollment: a client that names only the authenticator still gets on).
 */
export function chosen(choices: readonly EnrollmentChoice[], authenticatorId: string, idOf: (a: Authenticator) => string, enrollmentId?: string): EnrollmentChoice | undefined {
  return choices.find((c) => idOf(c.authenticator) === authenticatorId && (!c.enrollment || enrollmentId === undefined || c.enrollment.id === enrollmentId));
}

/** The choice being challenged now, if `pending` verifies one of `choices`. */
export const pendingChoice = (choices: readonly EnrollmentChoice[], pending: PendingChallenge | undefined): EnrollmentChoice | undefined =>
  (pending && !pending.enrolling ? choices.find((c) => c.authenticator.key === pending.authenticatorKey && c.enrollment?.id === pending.enrollmentId) : undefined);

/** The row a pending verification challenges: the one chosen, else the only one of its kind (none while enrolling). */
export function challengedEnrollment(rows: readonly AuthenticatorEnrollment[], pending: PendingChallenge | undefined): AuthenticatorEnrollment | undefined {
  if (!pending || pending.enrolling) return undefined;
  const own = rows.filter((r) => r.authenticatorKey === pending.authenticatorKey);
  return pending.enrollmentId ? own.find((r) => r.id === pending.enrollmentId) : own.length === 1 ? own[0] : undefined;
}
