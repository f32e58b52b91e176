import type { Policy } from '../../store/repositories/policies.js';
import { withIds } from './draft.js';
import { globalSessionPolicies, orgAuthenticationPolicy } from './signOnPolicy.js';
import { authenticationPolicies } from './appSignOnPolicy.js';
import { authenticatorEnrollmentPolicies } from './enrollmentPolicy.js';
import { passwordPolicies } from './passwordPolicy.js';
import { profileEnrollmentPolicies } from './registrationPolicy.js';

/**
 * A Classic org's policies as the Identity Engine policies that decide alike: what the engine reads
 * while the org is Classic (so both engines decide the same), and what `upgrade org` writes.
 * Policies of other types (an IdP discovery policy) pass through unchanged.
 */
export function identityEnginePolicies(classic: Policy[]): Policy[] {
  const translated = new Set(['OKTA_SIGN_ON', 'APP_SIGN_ON', 'MFA_ENROLL', 'PASSWORD', 'SELF_SERVICE_REGISTRATION']);
  const orgPolicy = orgAuthenticationPolicy(classic);
  return [
    ...globalSessionPolicies(classic),
    ...authenticationPolicies(classic),
    ...(orgPolicy ? [orgPolicy] : []),
    ...authenticatorEnrollmentPolicies(classic),
    ...passwordPolicies(classic),
    ...profileEnrollmentPolicies(classic),
  ].map(withIds).concat(classic.filter((p) => !translated.has(p.type)));
}
