import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { User } from '../store/repositories/users.js';
import type { ConfigCache } from '../org/configCache.js';
import { readsSignals, type Requirement } from '../policy/authenticationPolicy.js';
import { mfaRequired, promptsEverySignIn, readsRememberedDevice, type SessionRules } from '../policy/sessionPolicy.js';
import { nextChoices, sessionAsFirstFactor, stillFresh } from '../policy/assurance.js';
import { disabledAuthenticators, enrollmentRequirementsFor, gracePeriodsFor } from '../policy/enrollmentPolicy.js';
import { enrollmentOffer, type EnrollmentOffer } from '../policy/enrollmentOffer.js';
import { graceStanding } from '../policy/enrollmentGrace.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import type { Person } from '../policy/people.js';
import type { Authenticator } from '../authenticators/authenticator.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import { AUTHENTICATORS, authenticatorByKey } from '../authenticators/registry.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages } from '../vocabulary/messages.js';
import { ANYONE, type IdentifiedUsers } from './identifiedUsers.js';
import { requestedEnrollmentOffer } from './credentialEnrollment.js';
import { decidePolicies, logDecisions } from './policyDecisions.js';
import { factorRef, verifiedFactors } from './factorRefs.js';
import { registrationRequirements } from './registration.js';

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

/** What assess reads the policies and the sign-in with, the time it measures freshness at, and where it logs each decision. */
type PolicyReader = { config: ConfigCache; users: IdentifiedUsers; clock: Clock; events: SecurityEventSink };

/** Asks the policies where the transaction stands; a deny (app policy or session policy) ends it. Each decision is logged with why. */
export async function assess({ config, users, clock, events }: PolicyReader, txn: IdxTransaction, ip: string): Promise<Situation> {
  const user = await users.user(txn);
  const person = user && (await users.person(txn));
  const enrollments = await users.enrollments(txn);
  const signals = readsSignals(await config.policiesOf('ACCESS_POLICY')) ? await users.signInSignals(txn, ip, clock.now()) : undefined;
  const question = { clientId: txn.clientId, person, ip, verifiedKeys: txn.state.verified.map((v) => v.authenticatorKey), signals };
  const decisions = await decidePolicies(config, question);
  logDecisions(events, decisions, question, { id: user?.id ?? 'unknown', type: 'User', alternateId: txn.state.identifier });
  const appRequirement = decisions.app.requirement;
  const sessionRules = decisions.session.rules;
  if (appRequirement.access === 'DENY' || (person && sessionRules.access === 'DENY')) throw new EngineError(403, [Messages.accessDenied], true);
  const rememberedAt = readsRememberedDevice(sessionRules) ? await users.mfaRememberedAt(txn) : undefined;
  const classic = (await config.orgSettings()).engine === 'classic';
  const requirement = withSessionRules(appRequirement, sessionRules, mfaRequired(sessionRules, rememberedAt, clock.now()), classic);
  // An unknown identifier is offered what an account with every usual authenticator would be offered
  // (not those few enroll: see enrolledByFew), so the answers do not tell it apart (user enumeration
  // prevention); it never verifies, nothing is sent.
  const usual = user ? AUTHENTICATORS.filter((a) => a.isEnrolled(user, enrollments)) : AUTHENTICATORS.filter((a) => !a.enrolledByFew);
  // What the enrollment policy disables cannot be used either, enrolled or not (Okta's behaviour).
  const disabled = disabledAuthenticators(await config.policiesOf('MFA_ENROLL'), person ?? ANYONE);
  const enrolled = usual.filter((a) => !disabled.includes(a.key));
  // A session's MFA does not carry into a sign-in that must do its own (ALWAYS); factors verified longer ago than
  // the rule's re-authentication frequency no longer count.
  const verifications = verifiedFactors(txn.state.verified, enrollments);
  const counted = promptsEverySignIn(sessionRules) ? sessionAsFirstFactor(verifications, txn.createdAt) : verifications;
  const fresh = stillFresh(requirement, counted, clock.now(), txn.createdAt);
  const verified = fresh.map((v) => authenticatorByKey(v.key)!);
  const offered = (verified.length > 0 ? enrolled : enrolled.filter((a) => !a.secondFactorOnly)).map((a) => factorRef(a, enrollments, 'offer'));
  const choices = nextChoices(requirement, fresh, offered);
  return {
    user, person, requirement, sessionRules, enrolled, enrollments, verified,
    choices: choices === 'satisfied' ? choices : enrolled.filter((a) => choices.some((c) => c.key === a.key)),
  };
}

/**
 * The app's requirement with the global session policy's: PASSWORD_IDP makes the password a factor
 * of every sign-in, `mfa` (requireFactor, unless the device is remembered: see mfaRequired) makes it two factors.
 * While the org is Classic its translated policies decide as Classic did: any second factor counts.
 */
function withSessionRules(app: Allow, rules: SessionRules, mfa: boolean, classic: boolean): Allow {
  return {
    ...app,
    ...(rules.primaryFactor === 'PASSWORD_IDP' && { requirePassword: true }),
    ...(mfa && { factorMode: '2FA' as const }),
    ...(classic && { anySecondFactor: true as const }),
  };
}

type Allow = Extract<Requirement, { access: 'ALLOW' }>;

/**
 * What the user's enrollment policy has them enroll now (nothing while the sign-in can still go
 * on with what they have): see enrollmentOffer.
 */
export async function enrollmentOfferFor({ config, store, clock }: GraceReader, txn: IdxTransaction, s: Situation): Promise<EnrollmentOffer> {
  if (txn.request.enroll) return requestedEnrollmentOffer(txn, s, await config.policiesOf('MFA_ENROLL'));
  if (!s.user || !s.person || (s.choices !== 'satisfied' && s.choices.length > 0)) return { keys: [], skippable: false };
  const user = s.user;
  const unenrolled = AUTHENTICATORS.filter((a) => a.enrollment?.possibleFor(user) && !a.isEnrolled(user, s.enrollments));
  const next = s.choices === 'satisfied' ? 'satisfied' : nextChoices(
    s.requirement, s.verified.map((a) => factorRef(a, s.enrollments, 'proof')),
    [...s.enrolled.map((a) => factorRef(a, s.enrollments, 'offer')), ...unenrolled.map((a) => factorRef(a, [], 'enroll'))],
  );
  const policies = await config.policiesOf('MFA_ENROLL');
  const periods = gracePeriodsFor(policies, s.person);
  // The user's grace records are read only when an authenticator they lack has a grace period.
  const graced = unenrolled.filter((a) => periods[a.key]);
  const records = graced.length > 0 ? await store.enrollmentGrace.of(user.id) : {};
  const requirements = { ...enrollmentRequirementsFor(policies, s.person), ...registrationRequirements(txn) };
  const offer = enrollmentOffer({
    requirements,
    unenrolled: unenrolled.map((a) => a.key),
    // Someone who created the account in this transaction sets it up from nothing: there is no one else's account to protect.
    anythingVerified: txn.state.verified.length > 0 || txn.state.registered !== undefined,
    policySatisfied: s.choices === 'satisfied',
    useful: next === 'satisfied' ? [] : next.map((a) => a.key),
    enrolledInThisSignIn: (txn.state.enrolled?.length ?? 0) > 0,
    firstSignIn: user.lastLoginAt === null,
    skipped: txn.state.enrollmentSkipped === true,
    grace: Object.fromEntries(graced.map((a) => [a.key, graceStanding(periods[a.key], records[a.key], clock.now())])),
  });
  return { ...offer, requirements };
}

type GraceReader = Pick<PolicyReader, 'config'> & { store: Store; clock: Clock };

/** The person skipped the offer: each required authenticator offered within its grace period counts a skip. */
export async function postponeEnrollments({ store, clock }: GraceReader, userId: string, offer: EnrollmentOffer): Promise<void> {
  await store.enrollmentGrace.recordSkip(userId, Object.keys(offer.grace ?? {}), clock.now());
}
