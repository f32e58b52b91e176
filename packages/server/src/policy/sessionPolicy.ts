import type { Policy, PolicyRule } from '../store/repositories/policies.js';
import type { PeopleCondition, Person } from './people.js';
import { networkMatch, type NetworkCondition, type NetworkZone } from './networkZones.js';
import { activeByPriority, firstMatchingRule, type ConditionResult, type Explanation } from './decision.js';
import { peopleCondition } from './ruleConditions.js';

/**
 * Okta's global session policy (type OKTA_SIGN_ON): the first active policy whose
 * `conditions.people` includes the user, then its first active rule whose `people` and `network`
 * match, decides `actions.signon = { access: ALLOW|DENY, requireFactor, primaryFactor, session: {
 * maxSessionIdleMinutes, maxSessionLifetimeMinutes, usePersistentCookie } }`. A lifetime of 0 means
 * no limit but the idle one. requireFactor makes a session need two factors (MFA), whatever the
 * app asks. primaryFactor PASSWORD_IDP ("establish the session with a password") makes the
 * password the first factor of every sign-in, asked on the identify form itself;
 * PASSWORD_IDP_ANY_FACTOR lets any factor the app's policy accepts come first (identifier first).
 * With requireFactor, `factorPromptMode` says when the MFA is asked: SESSION once per session (a
 * sign-in that continues the session reuses its factors), ALWAYS at every sign-in (Okta's "at every
 * sign in": the session's MFA does not carry into a new sign-in, see promptsEverySignIn), DEVICE as
 * SESSION but not on a device remembered for MFA within `factorLifetime` minutes (see mfaRequired). A device is
 * remembered only when the person asks for it (IDX: "Keep me signed in"; Classic authn: the verify's
 * `rememberDevice=true`). `rememberDeviceByDefault` (Classic only) just starts Classic's "Do not challenge me
 * on this device" box checked; the Identity Engine has no such setting ("Keep me signed in" replaces the
 * box: help.okta.com, Identity Engine upgrade, Sign-In Widget changes), so it remembers nothing by itself.
 */
export interface SessionRules {
  access: 'ALLOW' | 'DENY';
  requireFactor: boolean;
  primaryFactor: 'PASSWORD_IDP_ANY_FACTOR' | 'PASSWORD_IDP';
  maxSessionIdleMinutes: number;
  maxSessionLifetimeMinutes: number;
  usePersistentCookie: boolean;
  factorPromptMode: 'ALWAYS' | 'DEVICE' | 'SESSION';
  /** Minutes a device remembered for MFA is not asked again (factorPromptMode DEVICE). */
  factorLifetime: number;
  rememberDeviceByDefault: boolean;
}

/** Okta's defaults: two idle hours, no lifetime limit, a cookie that ends with the browser. */
export const DEFAULT_SESSION_RULES: SessionRules = {
  access: 'ALLOW', requireFactor: false, primaryFactor: 'PASSWORD_IDP_ANY_FACTOR', maxSessionIdleMinutes: 120, maxSessionLifetimeMinutes: 0, usePersistentCookie: false,
  factorPromptMode: 'SESSION', factorLifetime: 0, rememberDeviceByDefault: false,
};

type FactorSettings = Partial<Pick<SessionRules, 'factorPromptMode' | 'factorLifetime' | 'rememberDeviceByDefault'>>;

interface SignOnActions {
  signon?: FactorSettings & {
    access?: 'ALLOW' | 'DENY'; requireFactor?: boolean; primaryFactor?: SessionRules['primaryFactor'];
    session?: Partial<Pick<SessionRules, 'maxSessionIdleMinutes' | 'maxSessionLifetimeMinutes' | 'usePersistentCookie'>>;
  };
}

/** The rule's factor settings, the defaults for what it leaves out (an org file checks their types; see classicSchema.ts). */
function factorSettingsOf(signon: FactorSettings | undefined): Pick<SessionRules, 'factorPromptMode' | 'factorLifetime' | 'rememberDeviceByDefault'> {
  return {
    factorPromptMode: signon?.factorPromptMode ?? DEFAULT_SESSION_RULES.factorPromptMode,
    factorLifetime: signon?.factorLifetime ?? DEFAULT_SESSION_RULES.factorLifetime,
    rememberDeviceByDefault: signon?.rememberDeviceByDefault === true,
  };
}

/**
 * Whether the rule's MFA is asked of a sign-in on a device remembered for this user's MFA at
 * `rememberedAt` (undefined: not remembered): only DEVICE lets a remembered device off, and only
 * within factorLifetime minutes of the MFA it was remembered after.
 */
export function mfaRequired(rules: SessionRules, rememberedAt: number | undefined, now: number): boolean {
  if (!rules.requireFactor) return false;
  if (!readsRememberedDevice(rules) || rememberedAt === undefined) return true;
  return now - rememberedAt > rules.factorLifetime * 60_000;
}

/** Whether a remembered device can matter under these rules (only then is it worth reading). */
export function readsRememberedDevice(rules: SessionRules): boolean {
  return rules.requireFactor && rules.factorPromptMode === 'DEVICE' && rules.factorLifetime > 0;
}

/** What a device remembered for MFA is let off under these rules (undefined: nothing, see readsRememberedDevice): for how long, and whether Classic's box to remember it starts checked. */
export function rememberableMfa(rules: SessionRules): { lifetimeMinutes: number; byDefault: boolean } | undefined {
  return readsRememberedDevice(rules) ? { lifetimeMinutes: rules.factorLifetime, byDefault: rules.rememberDeviceByDefault } : undefined;
}
/** Whether every sign-in must prove the second factor itself (factorPromptMode ALWAYS): a session's MFA does not let a new sign-in off. */
export const promptsEverySignIn = (rules: SessionRules): boolean => rules.requireFactor && rules.factorPromptMode === 'ALWAYS';


/** Where the sign-in comes from; absent where no request is at hand (a session refresh): network conditions are then not evaluated. */
export interface SessionNetwork {
  ip: string;
  zones: NetworkZone[];
}

const people = (x: { conditions: Record<string, unknown> }) => (x.conditions as { people?: PeopleCondition }).people;

function conditionsOf(rule: PolicyRule, person: Person, network: SessionNetwork | undefined): Array<() => ConditionResult> {
  const zone = (rule.conditions as { network?: NetworkCondition }).network;
  const where = (): ConditionResult => (network ? { condition: 'network', ...networkMatch(zone, network.ip, network.zones) } : { condition: 'network', matched: true, why: 'not evaluated without a request' });
  return [() => peopleCondition(people(rule), person), where];
}

export function sessionDecision(policies: Policy[], person: Person, network?: SessionNetwork): { rules: SessionRules; explanation: Explanation } {
  const policy = activeByPriority(policies.filter((p) => p.type === 'OKTA_SIGN_ON')).find((p) => peopleCondition(people(p), person).matched);
  if (!policy) return { rules: DEFAULT_SESSION_RULES, explanation: { policyType: 'OKTA_SIGN_ON', rules: [], outcome: outcomeOf(DEFAULT_SESSION_RULES) } };
  const { rule, rules: traces } = firstMatchingRule(policy.rules, (r) => conditionsOf(r, person, network));
  const signon = rule && (rule.actions as SignOnActions).signon;
  const rules: SessionRules = rule
    ? {
      ...DEFAULT_SESSION_RULES, ...signon?.session, ...factorSettingsOf(signon),
      access: signon?.access ?? 'ALLOW', requireFactor: signon?.requireFactor === true, primaryFactor: signon?.primaryFactor ?? DEFAULT_SESSION_RULES.primaryFactor,
    }
    : { ...DEFAULT_SESSION_RULES, access: 'DENY' };
  return { rules, explanation: { policyType: 'OKTA_SIGN_ON', policy: policy.name, rule: rule?.name, rules: traces, outcome: outcomeOf(rules) } };
}

export function sessionRulesFor(policies: Policy[], person: Person, network?: SessionNetwork): SessionRules {
  return sessionDecision(policies, person, network).rules;
}

function outcomeOf(r: SessionRules): string {
  if (r.access === 'DENY') return 'DENY';
  const lifetime = r.maxSessionLifetimeMinutes > 0 ? `${r.maxSessionLifetimeMinutes}min` : 'unlimited';
  const mfa = !r.requireFactor ? '' : r.factorPromptMode === 'DEVICE' ? ` MFA (per device, ${r.factorLifetime}min)` : r.factorPromptMode === 'ALWAYS' ? ' MFA (every sign-in)' : ' MFA';
  return `ALLOW${mfa}, ${r.primaryFactor}, idle ${r.maxSessionIdleMinutes}min, lifetime ${lifetime}${r.usePersistentCookie ? ', persistent cookie' : ''}`;
}
