import type { PossessionConstraint, Requirement } from './authenticationPolicy.js';

/** An authenticator as the assurance sees it: its class and, for possession constraints, its characteristics. */
export interface FactorRef {
  key: string;
  factorClass: string;
  phishingResistant?: boolean;
  hardwareProtected?: boolean;
  userVerifying?: boolean;
}

/** A factor verified at `at` (ms), in this sign-in or the session it resumed. */
export interface VerifiedFactor extends FactorRef {
  at: number;
}

type Allow = Extract<Requirement, { access: 'ALLOW' }>;

const PASSWORD = 'okta_password';

/**
 * The verifications that still count at `now` under the rule's re-authentication frequency. Those
 * made since `since` (the sign-in under way began) always count: the frequency limits how old an
 * earlier authentication may be, so even PT0S ("every sign-in") is satisfied by this sign-in's own.
 */
export function stillFresh(requirement: Allow, verified: VerifiedFactor[], now: number, since: number): VerifiedFactor[] {
  const f = requirement.freshness;
  if (!f) return verified;
  const within = (ms: number | undefined, at: number) => ms === undefined || at >= since || now - at <= ms;
  return verified.filter((v) => within(f.any, v.at) && within(f[v.factorClass as 'knowledge' | 'possession'], v.at));
}

/**
 * The verifications as a sign-in that must prove the second factor itself sees them (the global session
 * policy's factorPromptMode ALWAYS): of those the session it continues made before `since`, only the
 * first counts, the factor the session was established with, and as one factor class (a user-verifying
 * key's inherence was that session's MFA); this sign-in's own count in full.
 */
export function sessionAsFirstFactor(verified: VerifiedFactor[], since: number): VerifiedFactor[] {
  const earlier = verified.filter((v) => v.at < since);
  if (earlier.length === 0) return verified;
  const first = earlier.reduce((a, b) => (b.at < a.at ? b : a));
  return [{ ...first, userVerifying: false }, ...verified.filter((v) => v.at >= since)];
}

/** Whether a possession factor has what the rule's possession constraint requires. */
export function meetsPossession(f: FactorRef, constraint: PossessionConstraint | undefined): boolean {
  if (!constraint || f.factorClass !== 'possession') return true;
  return (!constraint.phishingResistant || f.phishingResistant === true)
    && (!constraint.hardwareProtected || f.hardwareProtected === true)
    && (!constraint.userVerifying || f.userVerifying === true);
}

/**
 * The factor classes a verification proves. A possession factor that verified the person (a
 * user-verifying WebAuthn credential: PIN or biometrics) is inherence too: as in Okta, it alone
 * satisfies "any 2 factor types" (Okta's Policy API has no inherence constraint; a rule asks for
 * user verification with the possession constraint's `userVerification: REQUIRED`).
 */
export function classesOf(f: FactorRef): string[] {
  return f.factorClass === 'possession' && f.userVerifying === true ? [f.factorClass, 'inherence'] : [f.factorClass];
}

/**
 * Given what the policy asks, what is verified and what the user has enrolled: satisfied, or the
 * authenticators that would move the sign-in forward (empty: the user cannot satisfy the policy).
 * Two factors must be of different classes (knowledge, possession, inherence: see classesOf), or, under
 * Classic's counting (anySecondFactor), two authenticators of any class. Only what is missing
 * is asked (step-up): a verified password is not asked again when the rule adds a security key.
 */
export function nextChoices(requirement: Allow, verified: FactorRef[], enrolled: FactorRef[]): 'satisfied' | FactorRef[] {
  // Authenticators the rule does not allow neither count when verified (say, in the session) nor are offered;
  // a possession factor without the characteristics the rule requires is not allowed either.
  const usable = (f: FactorRef) => (!requirement.allowedKeys || requirement.allowedKeys.includes(f.key)) && !requirement.excludedKeys.includes(f.key)
    && meetsPossession(f, requirement.possession);
  verified = verified.filter(usable);
  const verifiedKeys = new Set(verified.map((v) => v.key));
  const unverified = enrolled.filter((e) => usable(e) && !verifiedKeys.has(e.key));
  if (requirement.requirePassword && !verifiedKeys.has(PASSWORD)) return unverified.filter((e) => e.key === PASSWORD);
  if (requirement.possession && !verified.some((v) => v.factorClass === 'possession')) return unverified.filter((e) => e.factorClass === 'possession');
  const classes = new Set(verified.flatMap(classesOf));
  const needed = requirement.factorMode === '2FA' ? 2 : 1;
  if (classes.size >= needed) return 'satisfied';
  if (requirement.anySecondFactor) return verifiedKeys.size >= needed ? 'satisfied' : unverified;
  return unverified.filter((e) => classesOf(e).some((c) => !classes.has(c)));
}
