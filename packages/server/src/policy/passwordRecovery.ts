import type { Policy } from '../store/repositories/policies.js';
import { peopleMatch, type PeopleCondition, type Person } from './people.js';

/** The methods Okta's password policy names for proving who forgot their password. */
export const RECOVERY_METHODS = ['email', 'sms', 'voice', 'push', 'otp'] as const;
export type RecoveryMethod = (typeof RECOVERY_METHODS)[number];

/**
 * Who may reset a forgotten password, and how (Okta's self-service password reset): the methods
 * that prove the person (or, with ANY_ENROLLED, any authenticator they have but the password), the
 * authenticators asked on top (a security question), and how long an emailed recovery token lasts.
 */
export type RecoveryRules =
  | { access: 'DENY' }
  | { access: 'ALLOW'; methods: RecoveryMethod[] | 'ANY_ENROLLED'; stepUp: string[]; tokenLifetimeMinutes: number };

/** Okta's default password policy: reset by email, nothing more; its recovery token lasts an hour. */
export const DEFAULT_RECOVERY_RULES: Extract<RecoveryRules, { access: 'ALLOW' }> = { access: 'ALLOW', methods: ['email'], stepUp: [], tokenLifetimeMinutes: 60 };

/** OIE's rule action. `accessControl: 'AUTH_POLICY'` is Okta's "any enrolled authenticator used for MFA/SSO". */
interface ResetAction {
  access?: 'ALLOW' | 'DENY';
  requirement?: {
    primary?: { methods?: string[] };
    stepUp?: { required?: boolean; methods?: string[] };
    accessControl?: 'AUTH_POLICY' | 'LEGACY';
  };
}

/** Classic's policy settings: `recovery.factors.{okta_email,okta_sms,okta_call,recovery_question}.status`. */
type ClassicFactors = Record<string, { status?: string; properties?: { recoveryToken?: { tokenLifetimeMinutes?: number } } }>;
const CLASSIC_METHODS: Record<string, RecoveryMethod> = { okta_email: 'email', okta_sms: 'sms', okta_call: 'voice' };
/** Okta's method name of the security question in stepUp; Latchkey's authenticator key. */
const SECURITY_QUESTION = 'security_question';

const people = (x: { conditions: Record<string, unknown> }) => (x.conditions as { people?: PeopleCondition }).people;
const byPriority = <T extends { priority: number; status: string }>(xs: T[]) => xs.filter((x) => x.status === 'ACTIVE').sort((a, b) => a.priority - b.priority);

/**
 * The first active PASSWORD policy whose people include the person, then its first active rule
 * that does, decide (`actions.selfServicePasswordReset`); a policy whose rules all pass the person
 * by allows no reset. Methods not named by the rule come from the policy's Classic `settings.recovery`.
 */
export function recoveryRulesFor(policies: Policy[], person: Person | undefined): RecoveryRules {
  const policy = byPriority(policies.filter((p) => p.type === 'PASSWORD')).find((p) => peopleMatch(people(p), person));
  if (!policy) return DEFAULT_RECOVERY_RULES;
  const rule = byPriority(policy.rules).find((r) => peopleMatch(people(r), person));
  const action = rule && (rule.actions as { selfServicePasswordReset?: ResetAction }).selfServicePasswordReset;
  // A policy written for its settings alone (no rules) keeps Okta's default rule.
  if ((!rule && policy.rules.length > 0) || action?.access === 'DENY') return { access: 'DENY' };
  const factors = (policy.settings as { recovery?: { factors?: ClassicFactors } }).recovery?.factors;
  const classic = factors && Object.entries(factors).filter(([, f]) => f.status === 'ACTIVE').map(([name]) => name);
  const named = action?.requirement?.primary?.methods?.filter((m): m is RecoveryMethod => (RECOVERY_METHODS as readonly string[]).includes(m));
  const methods = action?.requirement?.accessControl === 'AUTH_POLICY' ? 'ANY_ENROLLED'
    : named ?? classic?.map((name) => CLASSIC_METHODS[name]).filter(Boolean) ?? DEFAULT_RECOVERY_RULES.methods;
  const stepUp = action?.requirement?.stepUp
    ? (action.requirement.stepUp.required ? action.requirement.stepUp.methods ?? [SECURITY_QUESTION] : [])
    : classic?.includes('recovery_question') ? [SECURITY_QUESTION] : [];
  const lifetime = factors?.okta_email?.properties?.recoveryToken?.tokenLifetimeMinutes;
  return { access: 'ALLOW', methods, stepUp, tokenLifetimeMinutes: typeof lifetime === 'number' && lifetime > 0 ? lifetime : DEFAULT_RECOVERY_RULES.tokenLifetimeMinutes };
}

/**
 * Every method some password policy rule lets someone recover with: the same answer for everyone, so
 * a surface that refuses a method before anyone is known tells no one apart (the person's own rule
 * still decides what proves them). ANY_ENROLLED counts every method.
 */
export function recoveryOffer(policies: Policy[]): RecoveryMethod[] {
  const active = byPriority(policies.filter((p) => p.type === 'PASSWORD'));
  // Each rule alone, for whoever it names; a policy without rules keeps Okta's default rule.
  const alone = active.flatMap((p) => (p.rules.length === 0 ? [{ ...p, conditions: {} }] : byPriority(p.rules).map((r) => ({ ...p, conditions: {}, rules: [{ ...r, conditions: {} }] }))));
  const offered = active.length === 0 ? [DEFAULT_RECOVERY_RULES] : alone.map((p) => recoveryRulesFor([p], undefined));
  return RECOVERY_METHODS.filter((m) => offered.some((r) => r.access === 'ALLOW' && (r.methods === 'ANY_ENROLLED' || r.methods.includes(m))));
}

/** An authenticator as recovery sees it: its key and the methods it verifies with. */
export interface RecoveryCandidate {
  key: string;
  methods: string[];
}

/**
 * Which of the person's authenticators may prove them for a reset: those with an allowed method
 * (the phone by sms or voice, as allowed); with ANY_ENROLLED, every one but the password being
 * reset. The step-up authenticators are asked afterwards, never instead.
 */
export function recoveryAuthenticators(rules: Extract<RecoveryRules, { access: 'ALLOW' }>, candidates: RecoveryCandidate[]): string[] {
  const usable = candidates.filter((c) => c.key !== 'okta_password' && !rules.stepUp.includes(c.key));
  if (rules.methods === 'ANY_ENROLLED') return usable.map((c) => c.key);
  const allowed: readonly string[] = rules.methods;
  return usable.filter((c) => c.methods.some((m) => allowed.includes(m))).map((c) => c.key);
}

/**
 * The methods a recovery authenticator may prove the person with: those the rules name (the phone
 * by sms only, say); all of its own with ANY_ENROLLED, and for a step-up one (named by key, not method).
 */
export function recoveryMethodsOf(rules: Extract<RecoveryRules, { access: 'ALLOW' }>, candidate: RecoveryCandidate): string[] {
  if (rules.methods === 'ANY_ENROLLED') return candidate.methods;
  const allowed: readonly string[] = rules.methods;
  const named = candidate.methods.filter((m) => allowed.includes(m));
  return named.length > 0 ? named : candidate.methods;
}

/** What a recovery needs next: an authenticator proved (one of `keys`), the new password, or nothing can move it on. */
export type RecoveryProgress = { next: 'prove'; keys: string[] } | { next: 'reset' } | { next: 'impossible' };

/**
 * Where a recovery stands, from what the person has enrolled and what they proved since it began:
 * first one of the recovery authenticators, then each step-up one, then the reset.
 */
export function recoveryProgress(rules: Extract<RecoveryRules, { access: 'ALLOW' }>, enrolled: RecoveryCandidate[], proved: string[]): RecoveryProgress {
  const primary = recoveryAuthenticators(rules, enrolled);
  if (!primary.some((k) => proved.includes(k))) return primary.length > 0 ? { next: 'prove', keys: primary } : { next: 'impossible' };
  const stepUp = rules.stepUp.filter((k) => !proved.includes(k));
  if (stepUp.length === 0) return { next: 'reset' };
  const possible = stepUp.filter((k) => enrolled.some((c) => c.key === k));
  return possible.length === stepUp.length ? { next: 'prove', keys: [possible[0]] } : { next: 'impossible' };
}
