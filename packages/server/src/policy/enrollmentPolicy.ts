import type { Policy } from '../store/repositories/policies.js';
import { peopleMatch, type PeopleCondition, type Person } from './people.js';

export type EnrollmentRequirement = 'REQUIRED' | 'OPTIONAL' | 'NOT_ALLOWED';

/**
 * Okta's authenticator enrollment policy (type MFA_ENROLL): the first active policy whose
 * `conditions.people` includes the user decides, through `settings.authenticators = [{ key,
 * enroll: { self: REQUIRED|OPTIONAL|NOT_ALLOWED } }]`, which authenticators the user must or may
 * enroll while signing in. Authenticators a policy does not name are NOT_ALLOWED.
 */
interface EnrollmentSettings {
  authenticators?: Array<{ key: string; enroll?: { self?: EnrollmentRequirement } }>;
}

/** Without a policy, Okta's default enrollment policy: a password is required, the email optional. */
export const DEFAULT_ENROLLMENT: Readonly<Record<string, EnrollmentRequirement>> = { okta_password: 'REQUIRED', okta_email: 'OPTIONAL' };

export function enrollmentRequirementsFor(policies: Policy[], person: Person): Record<string, EnrollmentRequirement> {
  const policy = policies
    .filter((p) => p.type === 'MFA_ENROLL' && p.status === 'ACTIVE')
    .sort((a, b) => a.priority - b.priority)
    .find((p) => peopleMatch((p.conditions as { people?: PeopleCondition }).people, person));
  if (!policy) return { ...DEFAULT_ENROLLMENT };
  const listed = (policy.settings as EnrollmentSettings | undefined)?.authenticators ?? [];
  return Object.fromEntries(listed.map((a) => [a.key, a.enroll?.self ?? 'NOT_ALLOWED']));
}
