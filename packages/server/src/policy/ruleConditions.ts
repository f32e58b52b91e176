import type { ConditionResult } from './decision.js';
import { networkMatch, type NetworkCondition, type NetworkZone } from './networkZones.js';
import { peopleMatch, type PeopleCondition, type Person } from './people.js';
import type { RiskAssessment, RiskLevel } from './risk.js';

/** What a sign-in's rule conditions are evaluated against. */
export interface SignInFacts {
  /** Undefined before the user is known or when the identifier matched nobody. */
  person?: Person;
  ip: string;
  zones: NetworkZone[];
  /** Authenticators already verified in this sign-in or the session it resumed. */
  verifiedKeys: string[];
  /**
   * Whether the user signed in from this device before, and how risky the sign-in looks: read from
   * the store only when a rule has a device or riskScore condition (see readsSignals); absent otherwise.
   */
  device?: { known: boolean };
  risk?: RiskAssessment;
}

const NOT_ASSESSED = 'not assessed';

/** Latchkey's device condition (Okta's closest is behaviour detection's "new device"): `known: true` or `false`. */
export interface DeviceCondition {
  known?: boolean;
}

/** Okta's risk condition: the rule matches sign-ins scored at this level (ANY: all). */
export interface RiskCondition {
  level?: 'ANY' | RiskLevel;
}

/**
 * Latchkey's condition on what the session already holds (Okta has none): the rule matches when
 * every authenticator in `include` is verified, e.g. a stricter rule for sessions begun with a password.
 */
export interface AuthenticatorsCondition {
  include?: string[];
}

export function peopleCondition(condition: PeopleCondition | undefined, person: Person | undefined): ConditionResult {
  const matched = peopleMatch(condition, person);
  const named = [...(condition?.users?.include ?? []).map((u) => `user ${u}`), ...(condition?.groups?.include ?? []).map((g) => `group ${g}`)];
  const who = person ? `user ${person.id}` : 'nobody identified yet';
  return { condition: 'people', matched, why: named.length === 0 ? 'everyone' : `${who} ${matched ? 'is' : 'is not'} in ${named.join(', ')}` };
}

export function networkCondition(condition: NetworkCondition | undefined, facts: SignInFacts): ConditionResult {
  return { condition: 'network', ...networkMatch(condition, facts.ip, facts.zones) };
}

export function authenticatorsCondition(condition: AuthenticatorsCondition | undefined, facts: SignInFacts): ConditionResult {
  const wanted = condition?.include ?? [];
  const missing = wanted.filter((k) => !facts.verifiedKeys.includes(k));
  if (wanted.length === 0) return { condition: 'authenticators', matched: true, why: 'any' };
  return { condition: 'authenticators', matched: missing.length === 0, why: missing.length === 0 ? `${wanted.join(', ')} verified` : `${missing.join(', ')} not verified` };
}

export function deviceCondition(condition: DeviceCondition | undefined, facts: SignInFacts): ConditionResult {
  if (condition?.known === undefined) return { condition: 'device', matched: true, why: 'any' };
  // Unassessed (a caller that did not read the signals): the rule does not match.
  if (!facts.device) return { condition: 'device', matched: false, why: NOT_ASSESSED };
  return { condition: 'device', matched: condition.known === facts.device.known, why: facts.device.known ? 'a device the user signed in from before' : 'a new device' };
}

export function riskCondition(condition: RiskCondition | undefined, facts: SignInFacts): ConditionResult {
  if (!condition?.level || condition.level === 'ANY') return { condition: 'riskScore', matched: true, why: 'any' };
  if (!facts.risk) return { condition: 'riskScore', matched: false, why: NOT_ASSESSED };
  const { level, reasons } = facts.risk;
  return { condition: 'riskScore', matched: condition.level === level, why: `${level} (${reasons.length > 0 ? reasons.join(', ') : 'nothing unusual'})` };
}
