import type { ConditionResult } from './decision.js';
import { networkMatch, type NetworkCondition, type NetworkZone } from './networkZones.js';
import { peopleMatch, type PeopleCondition, type Person } from './people.js';

/** What a sign-in's rule conditions are evaluated against. */
export interface SignInFacts {
  /** Undefined before the user is known or when the identifier matched nobody. */
  person?: Person;
  ip: string;
  zones: NetworkZone[];
  /** Authenticators already verified in this sign-in or the session it resumed. */
  verifiedKeys: string[];
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
