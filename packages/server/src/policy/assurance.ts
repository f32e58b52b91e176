import type { Requirement } from './authenticationPolicy.js';

export interface FactorRef {
  key: string;
  factorClass: string;
}

const PASSWORD = 'okta_password';

/**
 * Given what the policy asks, what is verified and what the user has enrolled: satisfied, or the
 * authenticators that would move the sign-in forward (empty: the user cannot satisfy the policy).
 * Two factors must be of different classes (knowledge, possession, inherence).
 */
export function nextChoices(
  requirement: Extract<Requirement, { access: 'ALLOW' }>,
  verified: FactorRef[],
  enrolled: FactorRef[],
): 'satisfied' | FactorRef[] {
  // Authenticators the rule does not allow neither count when verified (say, in the session) nor are offered.
  const usable = (f: FactorRef) => (!requirement.allowedKeys || requirement.allowedKeys.includes(f.key)) && !requirement.excludedKeys.includes(f.key);
  verified = verified.filter(usable);
  const verifiedKeys = new Set(verified.map((v) => v.key));
  const unverified = enrolled.filter((e) => usable(e) && !verifiedKeys.has(e.key));
  if (requirement.requirePassword && !verifiedKeys.has(PASSWORD)) return unverified.filter((e) => e.key === PASSWORD);
  const classes = new Set(verified.map((v) => v.factorClass));
  const needed = requirement.factorMode === '2FA' ? 2 : 1;
  if (classes.size >= needed) return 'satisfied';
  return unverified.filter((e) => !classes.has(e.factorClass));
}
