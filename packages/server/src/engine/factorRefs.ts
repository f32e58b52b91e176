import type { Authenticator } from '../authenticators/authenticator.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import type { Verification } from '../store/repositories/idxTransactions.js';
import { classesOf, type FactorRef, type VerifiedFactor } from '../policy/assurance.js';
import { authenticatorByKey } from '../authenticators/registry.js';

/**
 * How sure a characteristic of a kind kept per enrollment (hardware protection, user verification) must be:
 * `offer` — one of the user's enrollments has it (it may be used); `proof` — all have it (a verification does
 * not record which enrollment answered, so it counts only when any would do); `enroll` — a new one may have it.
 */
type Certainty = 'offer' | 'proof' | 'enroll';

/** An authenticator as the assurance sees it, with the characteristics possession constraints ask about. */
export function factorRef(a: Authenticator, enrollments: readonly AuthenticatorEnrollment[], certainty: Certainty): FactorRef {
  const c = a.characteristics;
  if (!c) return { key: a.key, factorClass: a.factorClass };
  const own = enrollments.filter((e) => e.authenticatorKey === a.key).map((e) => c.of(e));
  const holds = (trait: 'hardwareProtected' | 'userVerifying') => (certainty === 'enroll' ? true : certainty === 'offer' ? own.some((t) => t[trait]) : own.length > 0 && own.every((t) => t[trait]));
  return { key: a.key, factorClass: a.factorClass, phishingResistant: c.phishingResistant, hardwareProtected: holds('hardwareProtected'), userVerifying: holds('userVerifying') };
}

/**
 * The verifications of a sign-in (or the session it resumed) as the assurance sees them. A verification that
 * reported whether it verified the person (WebAuthn's UV flag) is taken at its word, not at its enrollments'.
 */
export function verifiedFactors(verified: readonly Verification[], enrollments: readonly AuthenticatorEnrollment[]): VerifiedFactor[] {
  return verified.flatMap((v) => {
    const a = authenticatorByKey(v.authenticatorKey);
    return a ? [{ ...factorRef(a, enrollments, 'proof'), at: v.at, ...(v.userVerified !== undefined && { userVerifying: v.userVerified }) }] : [];
  });
}

/** Whether the verifications are of two factor classes or more (MFA; a user-verifying key is two, see classesOf). */
export const isMultiFactor = (verified: readonly Verification[], enrollments: readonly AuthenticatorEnrollment[]): boolean =>
  new Set(verifiedFactors(verified, enrollments).flatMap(classesOf)).size > 1;

/**
 * The `amr` claim of a sign-in: each verified authenticator's value once, and `mfa` when the verifications are of two
 * factor classes or more. As Okta classes a WebAuthn credential (possession and inherence), a passkey that verified
 * the person (its UV flag, recorded per sign-in) is MFA alone; one that did not is one factor.
 */
export const amrOf = (verified: readonly Verification[], enrollments: readonly AuthenticatorEnrollment[]): string[] => [
  ...new Set(verified.map((v) => authenticatorByKey(v.authenticatorKey)!.amr)), ...(isMultiFactor(verified, enrollments) ? ['mfa'] : []),
];
