import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { User } from '../store/repositories/users.js';
import type { ConfigCache } from '../org/configCache.js';
import { authenticationRequirement, type Requirement } from '../policy/authenticationPolicy.js';
import { sessionRulesFor, type SessionRules } from '../policy/sessionPolicy.js';
import { nextChoices } from '../policy/assurance.js';
import { enrollmentRequirementsFor } from '../policy/enrollmentPolicy.js';
import { enrollmentOffer, type EnrollmentOffer } from '../policy/enrollmentOffer.js';
import type { Person } from '../policy/people.js';
import type { Authenticator } from '../authenticators/authenticator.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import { AUTHENTICATORS, authenticatorByKey } from '../authenticators/registry.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages } from '../vocabulary/messages.js';
import { ANYONE, type IdentifiedUsers } from './identifiedUsers.js';
import { requestedEnrollmentOffer } from './credentialEnrollment.js';

/** Where a sign-in stands against the policies: who, what is enrolled and verified, and what would move it on. */
export interface Situation {
  /** Undefined when the identifier matched nobody (or nobody who may sign in). */
  user: User | undefined;
  person: Person | undefined;
  requirement: Extract<Requirement, { access: 'ALLOW' }>;
  sessionRules: SessionRules;
  enrolled: Authenticator[];
  /** The user's rows of authenticator_enrollments (what isEnrolled decides from besides the user). */
  enrollments: AuthenticatorEnrollment[];
  verified: Authenticator[];
  /** Satisfied, or the enrolled authenticators that would move the sign-in forward (empty: none can). */
  choices: 'satisfied' | Authenticator[];
}

type PolicyReader = { config: ConfigCache; users: IdentifiedUsers };

/** Asks the policies where the transaction stands; a deny (app policy or session policy) ends it. */
export async function assess({ config, users }: PolicyReader, txn: IdxTransaction, ip: string): Promise<Situation> {
  const user = await users.user(txn);
  const person = user && (await users.person(txn));
  const enrollments = await users.enrollments(txn);
  const appRequirement = authenticationRequirement(await config.policiesOf('ACCESS_POLICY'), { clientId: txn.clientId, person, ip });
  const sessionRules = sessionRulesFor(await config.policiesOf('OKTA_SIGN_ON'), person ?? ANYONE);
  if (appRequirement.access === 'DENY' || (person && sessionRules.access === 'DENY')) throw new EngineError(403, [Messages.accessDenied], true);
  const requirement = sessionRules.primaryFactor === 'PASSWORD_IDP' ? { ...appRequirement, requirePassword: true } : appRequirement;
  // An unknown identifier is offered what an account with every usual authenticator would be offered
  // (not those few enroll: see enrolledByFew), so the answers do not tell it apart (user enumeration
  // prevention); it never verifies, nothing is sent.
  const enrolled = user ? AUTHENTICATORS.filter((a) => a.isEnrolled(user, enrollments)) : AUTHENTICATORS.filter((a) => !a.enrolledByFew);
  const verified = txn.state.verified.map((v) => authenticatorByKey(v.authenticatorKey)!).filter(Boolean);
  const choices = nextChoices(requirement, verified, verified.length > 0 ? enrolled : enrolled.filter((a) => !a.secondFactorOnly));
  return {
    user, person, requirement, sessionRules, enrolled, enrollments, verified,
    choices: choices === 'satisfied' ? choices : enrolled.filter((a) => choices.some((c) => c.key === a.key)),
  };
}

/**
 * What the user's enrollment policy has them enroll now (nothing while the sign-in can still go
 * on with what they have): see enrollmentOffer.
 */
export async function enrollmentOfferFor({ config }: Pick<PolicyReader, 'config'>, txn: IdxTransaction, s: Situation): Promise<EnrollmentOffer> {
  if (txn.request.enroll) return requestedEnrollmentOffer(txn, s, await config.policiesOf('MFA_ENROLL'));
  if (!s.user || !s.person || (s.choices !== 'satisfied' && s.choices.length > 0)) return { keys: [], skippable: false };
  const user = s.user;
  const unenrolled = AUTHENTICATORS.filter((a) => a.enrollment?.possibleFor(user) && !a.isEnrolled(user, s.enrollments));
  const next = s.choices === 'satisfied' ? 'satisfied' : nextChoices(s.requirement, s.verified, [...s.enrolled, ...unenrolled]);
  return enrollmentOffer({
    requirements: enrollmentRequirementsFor(await config.policiesOf('MFA_ENROLL'), s.person),
    unenrolled: unenrolled.map((a) => a.key),
    anythingVerified: txn.state.verified.length > 0,
    policySatisfied: s.choices === 'satisfied',
    useful: next === 'satisfied' ? [] : next.map((a) => a.key),
    enrolledInThisSignIn: (txn.state.enrolled?.length ?? 0) > 0,
    firstSignIn: user.lastLoginAt === null,
    skipped: txn.state.enrollmentSkipped === true,
  });
}
