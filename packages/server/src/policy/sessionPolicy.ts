import type { Policy } from '../store/repositories/policies.js';
import { peopleMatch, type PeopleCondition, type Person } from './people.js';

/**
 * Okta's global session policy (type OKTA_SIGN_ON): the first active policy whose
 * `conditions.people` includes the user, then its first active rule whose people match, decides
 * `actions.signon = { access: ALLOW|DENY, primaryFactor, session: { maxSessionIdleMinutes,
 * maxSessionLifetimeMinutes, usePersistentCookie } }`. A lifetime of 0 means no limit but the idle one.
 * primaryFactor PASSWORD_IDP ("establish the session with a password") makes the password the first
 * factor of every sign-in, asked on the identify form itself; PASSWORD_IDP_ANY_FACTOR lets any factor
 * the app's policy accepts come first (identifier first).
 */
export interface SessionRules {
  access: 'ALLOW' | 'DENY';
  primaryFactor: 'PASSWORD_IDP_ANY_FACTOR' | 'PASSWORD_IDP';
  maxSessionIdleMinutes: number;
  maxSessionLifetimeMinutes: number;
  usePersistentCookie: boolean;
}

/** Okta's defaults: two idle hours, no lifetime limit, a cookie that ends with the browser. */
export const DEFAULT_SESSION_RULES: SessionRules = { access: 'ALLOW', primaryFactor: 'PASSWORD_IDP_ANY_FACTOR', maxSessionIdleMinutes: 120, maxSessionLifetimeMinutes: 0, usePersistentCookie: false };

interface SignOnActions {
  signon?: { access?: 'ALLOW' | 'DENY'; primaryFactor?: SessionRules['primaryFactor']; session?: Partial<Omit<SessionRules, 'access' | 'primaryFactor'>> };
}

export function sessionRulesFor(policies: Policy[], person: Person): SessionRules {
  const people = (x: { conditions: Record<string, unknown> }) => (x.conditions as { people?: PeopleCondition }).people;
  const policy = policies
    .filter((p) => p.type === 'OKTA_SIGN_ON' && p.status === 'ACTIVE')
    .sort((a, b) => a.priority - b.priority)
    .find((p) => peopleMatch(people(p), person));
  if (!policy) return DEFAULT_SESSION_RULES;
  const rule = policy.rules.filter((r) => r.status === 'ACTIVE').sort((a, b) => a.priority - b.priority).find((r) => peopleMatch(people(r), person));
  if (!rule) return { ...DEFAULT_SESSION_RULES, access: 'DENY' };
  const signon = (rule.actions as SignOnActions).signon;
  return { ...DEFAULT_SESSION_RULES, ...signon?.session, access: signon?.access ?? 'ALLOW', primaryFactor: signon?.primaryFactor ?? DEFAULT_SESSION_RULES.primaryFactor };
}
