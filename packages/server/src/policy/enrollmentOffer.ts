import type { EnrollmentRequirement } from './enrollmentPolicy.js';
import type { GraceStanding, GraceView } from './enrollmentGrace.js';

export interface EnrollmentOffer {
  /** Keys of the authenticators to offer for enrollment, required ones first. */
  keys: string[];
  /** The person may skip: every offered one is optional or required within its grace period. */
  skippable: boolean;
  /** The grace periods of the required ones offered with skip, by key (absent: none). */
  grace?: Record<string, GraceView>;
  /** What the enrollment policy says of each authenticator (absent: the offer is not the policy's, see credentialEnrollment.ts). */
  requirements?: Record<string, EnrollmentRequirement>;
}

/** Whether the policy behind `offer` requires `key` or leaves it optional (Classic authn says so of each factor); undefined: the offer is not the policy's. */
export function enrollmentOf(offer: EnrollmentOffer, key: string): 'REQUIRED' | 'OPTIONAL' | undefined {
  if (!offer.requirements) return undefined;
  return offer.requirements[key] === 'REQUIRED' ? 'REQUIRED' : 'OPTIONAL';
}

/**
 * Which authenticators a sign-in offers to enroll, given the enrollment policy and what the user
 * lacks. Enrolling needs a verified factor first (nobody may set up a factor of an account they
 * have not proved). With the app's policy satisfied: the required ones, with the optional ones
 * beside them — skippable while every required one is within its grace period (one skipped less
 * than a day ago is left out, as Okta asks once a day); optional ones alone at the initial
 * enrollment (the user's first sign-in, or after enrolling a required one in this sign-in), until
 * skipped. With the app's policy unsatisfiable from what is enrolled: the allowed ones that would
 * satisfy it (`useful`), not skippable.
 */
export function enrollmentOffer(input: {
  requirements: Record<string, EnrollmentRequirement>;
  /** Authenticators that can be enrolled in a sign-in and that the user has not enrolled. */
  unenrolled: string[];
  anythingVerified: boolean;
  policySatisfied: boolean;
  /** Unenrolled authenticators that would move an unsatisfied sign-in forward. */
  useful: string[];
  enrolledInThisSignIn: boolean;
  firstSignIn: boolean;
  skipped: boolean;
  /** Where each required authenticator's grace period stands for the user (absent: none, enrolling is forced). */
  grace?: Record<string, GraceStanding>;
}): EnrollmentOffer {
  const none = { keys: [], skippable: false };
  if (!input.anythingVerified) return none;
  const allowed = input.unenrolled.filter((k) => input.requirements[k] === 'REQUIRED' || input.requirements[k] === 'OPTIONAL');
  const required = allowed.filter((k) => input.requirements[k] === 'REQUIRED');
  const optional = allowed.filter((k) => input.requirements[k] === 'OPTIONAL');
  if (!input.policySatisfied) return { keys: allowed.filter((k) => input.useful.includes(k)), skippable: false };
  // A skip in this sign-in was allowed: every required one was within its grace period (that skip may have used up the last).
  if (input.skipped) return none;
  const standing = (k: string): GraceStanding => input.grace?.[k] ?? { state: 'over' };
  const open = required.filter((k) => standing(k).state === 'open');
  // As Okta shows them, also beside one that is forced: until when each could wait.
  const grace = open.length > 0 ? { grace: Object.fromEntries(open.map((k) => [k, (standing(k) as Extract<GraceStanding, { state: 'open' }>).view])) } : {};
  if (required.some((k) => standing(k).state === 'over')) return { keys: [...required, ...optional], skippable: false, ...grace };
  if (open.length > 0) return { keys: [...open, ...optional], skippable: true, ...grace };
  if (optional.length > 0 && (input.enrolledInThisSignIn || input.firstSignIn)) return { keys: optional, skippable: true };
  return none;
}
