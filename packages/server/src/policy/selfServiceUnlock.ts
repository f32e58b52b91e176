import type { Policy, PolicyRule } from '../store/repositories/policies.js';
import type { Requirement } from './authenticationPolicy.js';
import { peopleMatch, type PeopleCondition, type Person } from './people.js';
import { passwordPolicyFor } from './passwordPolicy.js';

/**
 * Self-service account unlock, from the password policy in Okta's shape: a rule's
 * `actions.selfServiceUnlock.access` (ALLOW | DENY, Okta's default DENY) says whether its people
 * may unlock, and `actions.selfServicePasswordReset.requirement.primary.methods` (email, sms,
 * voice; default email) with what, as Okta's Identity Engine unlocks with the recovery methods.
 * Limited to unlock: the recovery journey reads its own rules.
 */
export type UnlockMethod = 'email' | 'sms' | 'voice';
const METHODS: readonly UnlockMethod[] = ['email', 'sms', 'voice'];

export interface UnlockRule {
  allowed: boolean;
  /** The methods a person may prove themselves with (empty when not allowed). */
  methods: UnlockMethod[];
}

interface PasswordRuleActions {
  selfServiceUnlock?: { access?: string };
  selfServicePasswordReset?: { requirement?: { primary?: { methods?: unknown[] } } };
}

const DENIED: UnlockRule = { allowed: false, methods: [] };

function ruleOf(rule: PolicyRule): UnlockRule {
  const actions = rule.actions as PasswordRuleActions;
  if (actions.selfServiceUnlock?.access !== 'ALLOW') return DENIED;
  const given = actions.selfServicePasswordReset?.requirement?.primary?.methods;
  const methods = Array.isArray(given) ? METHODS.filter((m) => given.includes(m)) : ['email' as const];
  return methods.length > 0 ? { allowed: true, methods } : DENIED;
}

const activeRules = (policy: Policy | undefined): PolicyRule[] =>
  (policy?.rules ?? []).filter((r) => r.status === 'ACTIVE').sort((a, b) => a.priority - b.priority);

/** The first active rule of the person's password policy whose people condition includes them decides (no rule: denied). */
export function unlockRuleFor(policies: Policy[], person: Person | undefined): UnlockRule {
  const rule = activeRules(passwordPolicyFor(policies, person)).find((r) => peopleMatch((r.conditions as { people?: PeopleCondition }).people, person));
  return rule ? ruleOf(rule) : DENIED;
}

/**
 * What the sign-in page offers before anyone is identified: the "Unlock account?" link when some
 * rule lets someone unlock, with every method some rule allows (the same for everybody, so the
 * form tells no one apart).
 */
export function unlockOffer(policies: Policy[]): UnlockRule {
  const methods = new Set(policies.filter((p) => p.type === 'PASSWORD' && p.status === 'ACTIVE').flatMap(activeRules).flatMap((r) => ruleOf(r).methods));
  const offered = METHODS.filter((m) => methods.has(m));
  return offered.length > 0 ? { allowed: true, methods: offered } : DENIED;
}

/**
 * After the account is unlocked: the sign-in goes on with the authenticator that proved the person
 * (`continue`, Okta's "landing to the app") when it counts toward the app's authentication policy;
 * when it does not (a password-only policy, or one that does not allow it), the unlock ends and the
 * person signs in as usual (`done`, Okta's "log in using your existing username and password").
 */
export function afterUnlock(requirement: Extract<Requirement, { access: 'ALLOW' }>, unlockedWith: string): 'continue' | 'done' {
  const usable = (!requirement.allowedKeys || requirement.allowedKeys.includes(unlockedWith)) && !requirement.excludedKeys.includes(unlockedWith);
  if (!usable) return 'done';
  return requirement.requirePassword && requirement.factorMode === '1FA' ? 'done' : 'continue';
}
