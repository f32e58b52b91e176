import type { Policy, PolicyRule } from '../store/repositories/policies.js';
import type { PeopleCondition } from './people.js';
import type { NetworkCondition } from './networkZones.js';
import { activeByPriority, firstMatchingRule, type Explanation } from './decision.js';
import {
  authenticatorsCondition, deviceCondition, networkCondition, peopleCondition, riskCondition,
  type AuthenticatorsCondition, type DeviceCondition, type RiskCondition, type SignInFacts,
} from './ruleConditions.js';
import { durationMs } from './durations.js';
import type { PostAuthSettings } from './keepMeSignedIn.js';

/**
 * App authentication policies (Okta's ACCESS_POLICY type), in Okta's JSON shape:
 * policy `conditions.apps.include` names the client ids it governs (absent: every app without its
 * own policy); each rule has `conditions.people`, `conditions.network` (zones, see networkZones.ts),
 * `conditions.riskScore` and Latchkey's `conditions.device` and `conditions.authenticators` (see ruleConditions.ts), and
 * `actions.appSignOn = { access: ALLOW|DENY, verificationMethod: { factorMode: 1FA|2FA,
 * reauthenticateIn, constraints: [{ knowledge: { types: ['password'], reauthenticateIn }, possession:
 * { phishingResistant, hardwareProtection, userVerification: 'REQUIRED' } }] } }`. A constraint's
 * `knowledge` or `possession` may list `authenticationMethods: [{ key, method }]` (only those may be
 * used, e.g. email only for passwordless sign-in) and `excludedAuthenticationMethods` (never these).
 * `appSignOn.keepMeSignedIn` allows or refuses the "Stay signed in?" prompt after sign-in (see keepMeSignedIn.ts).
 */
interface RuleConditions {
  people?: PeopleCondition;
  network?: NetworkCondition;
  device?: DeviceCondition;
  riskScore?: RiskCondition;
  authenticators?: AuthenticatorsCondition;
}

interface MethodRef {
  key: string;
  method?: string;
}

interface FactorConstraint {
  types?: string[];
  authenticationMethods?: MethodRef[];
  excludedAuthenticationMethods?: MethodRef[];
  reauthenticateIn?: string;
  phishingResistant?: string;
  hardwareProtection?: string;
  userVerification?: string;
}

interface RuleActions {
  appSignOn?: {
    access?: 'ALLOW' | 'DENY';
    keepMeSignedIn?: { postAuth?: 'ALLOWED' | 'NOT_ALLOWED'; postAuthPromptFrequency?: string };
    verificationMethod?: {
      factorMode?: '1FA' | '2FA';
      reauthenticateIn?: string;
      constraints?: Array<{ knowledge?: FactorConstraint; possession?: FactorConstraint }>;
    };
  };
}

/** What a possession factor must be for the rule (Okta's possession constraint, each REQUIRED). */
export interface PossessionConstraint {
  phishingResistant?: true;
  hardwareProtected?: true;
  userVerifying?: true;
}

/** How long ago a verification still counts (ms): any factor, and knowledge or possession factors. */
export type Freshness = Partial<Record<'any' | 'knowledge' | 'possession', number>>;

export type Requirement =
  | { access: 'DENY' }
  | {
    access: 'ALLOW';
    factorMode: '1FA' | '2FA';
    requirePassword: boolean;
    /** Only these authenticators may be used (undefined: any). */
    allowedKeys?: string[];
    /** These authenticators may not be used. */
    excludedKeys: string[];
    /** A possession factor must have these characteristics (and one is then required). */
    possession?: PossessionConstraint;
    /** Verifications older than this do not count (re-authentication frequency). */
    freshness?: Freshness;
    /** The rule's post-auth "Stay signed in?" prompt settings, when it has any. */
    keepMeSignedIn?: PostAuthSettings;
    /**
     * Classic Engine counting: 2FA is any two authenticators, the security question after the password
     * included (Identity Engine: two factor classes). Set while the org is Classic, never by a rule.
     */
    anySecondFactor?: true;
  };

/** With no policy at all: sign in with a password. */
export const DEFAULT_REQUIREMENT: Requirement = { access: 'ALLOW', factorMode: '1FA', requirePassword: true, excludedKeys: [] };

export interface AuthenticationRequest extends SignInFacts {
  clientId: string;
}

function policyFor(policies: Policy[], clientId: string): Policy | undefined {
  const active = activeByPriority(policies.filter((p) => p.type === 'ACCESS_POLICY'));
  const apps = (p: Policy) => (p.conditions as { apps?: { include?: string[] } }).apps?.include;
  return active.find((p) => apps(p)?.includes(clientId)) ?? active.find((p) => !apps(p)?.length);
}

/**
 * Whether any active rule of the app policies has a device or riskScore condition: only then are the
 * device and risk signals worth reading from the store at each step of a sign-in.
 */
export function readsSignals(policies: Policy[]): boolean {
  return activeByPriority(policies.filter((p) => p.type === 'ACCESS_POLICY'))
    .some((p) => activeByPriority(p.rules).some((r) => {
      const c = r.conditions as RuleConditions;
      return (c.device?.known !== undefined) || (c.riskScore?.level !== undefined && c.riskScore.level !== 'ANY');
    }));
}

function conditionsOf(rule: PolicyRule, request: AuthenticationRequest) {
  const c = rule.conditions as RuleConditions;
  return [
    () => peopleCondition(c.people, request.person), () => networkCondition(c.network, request), () => deviceCondition(c.device, request),
    () => riskCondition(c.riskScore, request), () => authenticatorsCondition(c.authenticators, request),
  ];
}

/** What the app's policy asks of this sign-in (the first active rule that matches decides), and why. */
export function authenticationDecision(policies: Policy[], request: AuthenticationRequest): { requirement: Requirement; explanation: Explanation } {
  const policy = policyFor(policies, request.clientId);
  if (!policy) return { requirement: DEFAULT_REQUIREMENT, explanation: { policyType: 'ACCESS_POLICY', rules: [], outcome: outcomeOf(DEFAULT_REQUIREMENT) } };
  const { rule, rules } = firstMatchingRule(policy.rules, (r) => conditionsOf(r, request));
  const requirement = rule ? requirementOf(rule) : { access: 'DENY' as const };
  return { requirement, explanation: { policyType: 'ACCESS_POLICY', policy: policy.name, rule: rule?.name, rules, outcome: outcomeOf(requirement) } };
}

function requirementOf(rule: PolicyRule): Requirement {
  const signOn = (rule.actions as RuleActions).appSignOn;
  if (signOn?.access === 'DENY') return { access: 'DENY' };
  const method = signOn?.verificationMethod;
  const constraints = method?.constraints ?? [];
  const factors = constraints.flatMap((c) => [c.knowledge, c.possession]).filter((f): f is FactorConstraint => f !== undefined);
  const allowed = factors.flatMap((f) => f.authenticationMethods ?? []).map((m) => m.key);
  const possession = possessionOf(constraints.map((c) => c.possession));
  const freshness = freshnessOf(method?.reauthenticateIn, constraints);
  const kmsi = signOn?.keepMeSignedIn;
  // The rule is JSON as written: a frequency that is no duration string is no frequency.
  const promptEveryMs = typeof kmsi?.postAuthPromptFrequency === 'string' ? durationMs(kmsi.postAuthPromptFrequency) : undefined;
  return {
    access: 'ALLOW',
    factorMode: method?.factorMode ?? '1FA',
    requirePassword: constraints.some((c) => c.knowledge?.types?.includes('password')),
    ...(allowed.length > 0 && { allowedKeys: allowed }),
    excludedKeys: factors.flatMap((f) => f.excludedAuthenticationMethods ?? []).map((m) => m.key),
    ...(possession && { possession }),
    ...(freshness && { freshness }),
    ...(kmsi && { keepMeSignedIn: { ...(kmsi.postAuth && { postAuth: kmsi.postAuth }), ...(promptEveryMs !== undefined && { promptEveryMs }) } }),
  };
}

function possessionOf(constraints: Array<FactorConstraint | undefined>): PossessionConstraint | undefined {
  const required = (field: 'phishingResistant' | 'hardwareProtection' | 'userVerification') => constraints.some((c) => c?.[field] === 'REQUIRED');
  const p: PossessionConstraint = {
    ...(required('phishingResistant') && { phishingResistant: true }),
    ...(required('hardwareProtection') && { hardwareProtected: true }),
    ...(required('userVerification') && { userVerifying: true }),
  };
  return Object.keys(p).length > 0 ? p : undefined;
}

function freshnessOf(any: string | undefined, constraints: Array<{ knowledge?: FactorConstraint; possession?: FactorConstraint }>): Freshness | undefined {
  const within = (kind: 'knowledge' | 'possession') => constraints.map((c) => durationMs(c[kind]?.reauthenticateIn)).find((ms) => ms !== undefined);
  const f: Freshness = {};
  for (const [kind, ms] of [['any', durationMs(any)], ['knowledge', within('knowledge')], ['possession', within('possession')]] as const) if (ms !== undefined) f[kind] = ms;
  return Object.keys(f).length > 0 ? f : undefined;
}

function outcomeOf(r: Requirement): string {
  if (r.access === 'DENY') return 'DENY';
  const parts = [`ALLOW ${r.factorMode}`];
  if (r.requirePassword) parts.push('password');
  if (r.possession) parts.push(`possession ${Object.keys(r.possession).join('+')}`);
  if (r.freshness) parts.push(`reauthenticate ${Object.entries(r.freshness).map(([k, ms]) => `${k} ${ms / 60_000}min`).join(', ')}`);
  return parts.join(', ');
}
