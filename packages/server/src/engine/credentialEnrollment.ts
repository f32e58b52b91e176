import type { IdxTransaction, InteractRequest, Intent } from '../store/repositories/idxTransactions.js';
import type { Policy } from '../store/repositories/policies.js';
import { AUTHENTICATORS } from '../authenticators/registry.js';
import { enrollmentRequirementsFor } from '../policy/enrollmentPolicy.js';
import type { EnrollmentOffer } from '../policy/enrollmentOffer.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages } from '../vocabulary/messages.js';
import type { Situation } from './situation.js';

/**
 * Enrolling an authenticator outside sign-in, as Okta does it: /v1/authorize (or /v1/interact) with
 * `prompt=enroll_authenticator` and `enroll_amr_values` naming the authenticator by its amr. The
 * person authenticates again as the policies ask (the session does not count), then enrolls the
 * authenticator named, then goes back to the app. The sign-in engine runs it; this module says what
 * differs from a sign-in.
 */
export const ENROLL_PROMPT = 'enroll_authenticator';

/** The authenticators `enroll_amr_values` names (space-separated amr values); empty when it names none Latchkey has. */
export function authenticatorsForAmr(values: string | undefined): string[] {
  const amr = new Set((values ?? '').split(' ').filter(Boolean));
  return AUTHENTICATORS.filter((a) => a.enrollment && amr.has(a.amr)).map((a) => a.key);
}

/** Okta's IDX intent for the transaction of a request. */
export const intentOf = (request: InteractRequest): Intent => (request.enroll ? 'CREDENTIAL_ENROLLMENT' : 'LOGIN');

/** Whether the person must authenticate anew, the browser's session notwithstanding (prompt=login, or an enrollment). */
export const freshAuthentication = (request: InteractRequest): boolean => request.authorize?.forceLogin === true || request.enroll !== undefined;

/**
 * What an enrollment transaction offers: nothing until the policies are satisfied, then the
 * authenticators asked for that the enrollment policy allows this user and they lack (not
 * skippable), and nothing once one was enrolled (the transaction then succeeds). None of them
 * possible: the transaction ends with an error rather than as a sign-in that enrolled nothing.
 */
export function requestedEnrollmentOffer(txn: IdxTransaction, s: Situation, enrollPolicies: Policy[]): EnrollmentOffer {
  const none = { keys: [], skippable: false };
  const user = s.user;
  if (!user || !s.person || s.choices !== 'satisfied' || (txn.state.enrolled?.length ?? 0) > 0) return none;
  const requirements = enrollmentRequirementsFor(enrollPolicies, s.person);
  const keys = AUTHENTICATORS.filter((a) => txn.request.enroll!.authenticatorKeys.includes(a.key)
    && (requirements[a.key] === 'REQUIRED' || requirements[a.key] === 'OPTIONAL')
    && a.enrollment?.possibleFor(user) && !a.isEnrolled(user, s.enrollments)).map((a) => a.key);
  if (keys.length === 0) throw new EngineError(403, [Messages.invalidAuthenticator], true);
  return { keys, skippable: false };
}
