import type { Policy } from '../store/repositories/policies.js';
import { peopleMatch, type PeopleCondition, type Person } from './people.js';
import type { GracePeriod } from './enrollmentGrace.js';

export type EnrollmentRequirement = 'REQUIRED' | 'OPTIONAL' | 'NOT_ALLOWED';

/**
 * Okta's authenticator enrollment policy (type MFA_ENROLL): the first active policy whose
 * `conditions.people` includes the user decides, through `settings.authenticators = [{ key,
 * enroll: { self: REQUIRED|OPTIONAL|NOT_ALLOWED, gracePeriod? } }]`, which authenticators the user
 * must or may enroll while signing in. Authenticators a policy does not name are NOT_ALLOWED.
 */
interface EnrollmentSettings {
  authenticators?: Array<{ key: string; enroll?: { self?: EnrollmentRequirement; gracePeriod?: OrgGracePeriod } }>;
}

/** A grace period as the org file writes it (Okta's shape): an end date, or a number of skips. */
export type OrgGracePeriod = { type: 'BY_DATE_TIME'; expiry: string } | { type: 'BY_SKIP_COUNT'; skipCount: number };

/** Without a policy, Okta's default enrollment policy: a password is required, the email optional. */
export const DEFAULT_ENROLLMENT: Readonly<Record<string, EnrollmentRequirement>> = { okta_password: 'REQUIRED', okta_email: 'OPTIONAL' };

/** The enrollment policy of the person: the first active one whose people include them (undefined: none, Okta's default). */
export function enrollmentPolicyOf(policies: Policy[], person: Person): Policy | undefined {
  return policies
    .filter((p) => p.type === 'MFA_ENROLL' && p.status === 'ACTIVE')
    .sort((a, b) => a.priority - b.priority)
    .find((p) => peopleMatch((p.conditions as { people?: PeopleCondition }).people, person));
}

/** The authenticators the policy of the person names (undefined: no policy applies, Okta's default). */
function listedFor(policies: Policy[], person: Person): NonNullable<EnrollmentSettings['authenticators']> | undefined {
  const policy = enrollmentPolicyOf(policies, person);
  return policy && ((policy.settings as EnrollmentSettings | undefined)?.authenticators ?? []);
}

export function enrollmentRequirementsFor(policies: Policy[], person: Person): Record<string, EnrollmentRequirement> {
  const listed = listedFor(policies, person);
  if (!listed) return { ...DEFAULT_ENROLLMENT };
  return Object.fromEntries(listed.map((a) => [a.key, a.enroll?.self ?? 'NOT_ALLOWED']));
}

/**
 * Authenticators the person's policy disables (NOT_ALLOWED by name): as in Okta, an enrollment of
 * one of them stays stored but cannot be used to sign in until the policy allows it again.
 * Authenticators the policy does not name are not enrollable, yet not disabled.
 */
export function disabledAuthenticators(policies: Policy[], person: Person): string[] {
  return (listedFor(policies, person) ?? []).filter((a) => a.enroll?.self === 'NOT_ALLOWED').map((a) => a.key);
}

/** The grace periods of the person's required authenticators, by key (times in ms). */
export function gracePeriodsFor(policies: Policy[], person: Person): Record<string, GracePeriod> {
  return Object.fromEntries((listedFor(policies, person) ?? []).flatMap((a) => {
    const grace = a.enroll?.self === 'REQUIRED' ? a.enroll.gracePeriod : undefined;
    if (!grace) return [];
    return [[a.key, grace.type === 'BY_DATE_TIME' ? { type: grace.type, expiry: Date.parse(grace.expiry) } : grace]];
  }));
}
