import type { AuthenticatorView, StepView } from '../engine/step.js';
import { authenticatorByKey } from '../authenticators/registry.js';
import { authenticatorOfFactor, factorTypeOf, named, providersOf } from './authnFactors.js';
import { authnUrl, link } from './authnLinks.js';

type Json = Record<string, unknown>;
type Enrollment = 'REQUIRED' | 'OPTIONAL';

/** The factor each key of a Classic MFA enrollment policy names, as authn and Okta's Factors API name it. */
export const CLASSIC_FACTOR_NAMES: Readonly<Record<string, { factorType: string; provider: string }>> = {
  okta_sms: { factorType: 'sms', provider: 'OKTA' },
  okta_call: { factorType: 'call', provider: 'OKTA' },
  okta_otp: { factorType: 'token:software:totp', provider: 'OKTA' },
  google_otp: { factorType: 'token:software:totp', provider: 'GOOGLE' },
  okta_push: { factorType: 'push', provider: 'OKTA' },
  okta_question: { factorType: 'question', provider: 'OKTA' },
  okta_email: { factorType: 'email', provider: 'OKTA' },
  fido_webauthn: { factorType: 'webauthn', provider: 'FIDO' },
};

/** A factor MFA_ENROLL offers to set up: its name, what the policy says of it, and the authenticator enrolling it enrolls. */
export interface FactorToEnroll { factorType: string; provider: string; enrollment: Enrollment; authenticator: AuthenticatorView }

/**
 * The factors MFA_ENROLL offers, not set up yet. Under a Classic MFA enrollment policy, each factor it
 * names whose authenticator the engine offers, with its own requirement, as Okta lists them (SMS and
 * voice call apart; Okta Verify's and Google's codes apart). Under an Identity Engine policy, which names
 * authenticators, every factorType and provider of each authenticator offered, with the authenticator's.
 */
export function factorsToEnroll(view: StepView): FactorToEnroll[] {
  const offered = view.authenticators ?? [];
  if (view.classicFactors) {
    return Object.entries(view.classicFactors).flatMap(([key, enrollment]) => {
      const name = CLASSIC_FACTOR_NAMES[key];
      const found = name && authenticatorOfFactor(name.factorType, name.provider);
      const authenticator = found && offered.find((a) => a.key === found.authenticator.key);
      return authenticator ? [{ ...name, enrollment, authenticator }] : [];
    });
  }
  return offered.flatMap((a) => {
    const classic = authenticatorByKey(a.key)?.classicFactor;
    if (!classic) return [];
    const factorTypes = [...new Set(a.methods.map((m) => factorTypeOf(classic, m.type)))];
    return factorTypes.flatMap((factorType) => providersOf(classic).map((provider) => ({ factorType, provider, enrollment: a.enrollment ?? 'OPTIONAL', authenticator: a })));
  });
}

/** A factor as MFA_ENROLL lists it: its enroll link, whether the user has it (ACTIVE) or not yet (NOT_SETUP), and whether the policy requires it. */
const enrollListed = (name: Json, status: 'ACTIVE' | 'NOT_SETUP', enrollment: Enrollment, extraLinks: Json, baseUrl: string): Json =>
  ({ ...name, _links: { ...extraLinks, enroll: link(authnUrl(baseUrl, '/factors')) }, status, enrollment });

/** A factor to set up as MFA_ENROLL lists it; the question's with where its questions are listed (see questionsRoute.ts). */
export function enrollableFactor(f: FactorToEnroll, userId: string, baseUrl: string): Json {
  const questions = f.factorType === 'question' ? { questions: { href: `${baseUrl}/api/v1/users/${userId}/factors/questions`, hints: { allow: ['GET'] } } } : {};
  return enrollListed({ factorType: f.factorType, provider: f.provider, vendorName: f.provider }, 'NOT_SETUP', f.enrollment, questions, baseUrl);
}

/**
 * One of the user's enrollments as MFA_ENROLL lists it beside the factors to enroll, as Okta does, with
 * what the policy says of it: of its Classic factor under a Classic policy, else of its authenticator
 * (one the policy does not require is optional).
 */
export function activeFactor(a: AuthenticatorView, view: StepView, baseUrl: string): Json | undefined {
  const classic = authenticatorByKey(a.key)?.classicFactor;
  if (!classic) return undefined;
  const name = named(classic, classic.factorType, a.classicProvider);
  const key = Object.keys(CLASSIC_FACTOR_NAMES).find((k) => CLASSIC_FACTOR_NAMES[k].factorType === name.factorType && CLASSIC_FACTOR_NAMES[k].provider === name.provider);
  return enrollListed(name, 'ACTIVE', (key && view.classicFactors?.[key]) || a.enrollment || 'OPTIONAL', {}, baseUrl);
}
