import { IdPrefix, stableId } from '../../platform/ids.js';
import type { Policy, PolicyRule } from '../../store/repositories/policies.js';
import type { PeopleCondition } from '../../policy/people.js';

/** A policy as a translation writes it: ids come from its type and names (see withIds). */
export type RuleDraft = Omit<PolicyRule, 'id'>;
export type PolicyDraft = Omit<Policy, 'id' | 'rules'> & { rules: RuleDraft[] };

/**
 * Ids derived from the type and names, so translating the same Classic policies again gives the same
 * policies (the configuration cache translates on every reload; `upgrade org` writes these).
 */
export function withIds(draft: PolicyDraft): Policy {
  return {
    ...draft,
    id: stableId(IdPrefix.policy, draft.type, draft.name),
    rules: draft.rules.map((r) => ({ ...r, id: stableId(IdPrefix.rule, draft.type, draft.name, r.name) })),
  };
}

export const peopleOf = (x: { conditions: Record<string, unknown> }): PeopleCondition | undefined => (x.conditions as { people?: PeopleCondition }).people;

/** No one named, or the Everyone group: the condition holds for everybody. */
export function isEveryone(people: PeopleCondition | undefined): boolean {
  const groups = people?.groups?.include ?? [];
  return groups.includes('Everyone') || (groups.length === 0 && (people?.users?.include ?? []).length === 0);
}

/** Active items by priority, as every evaluator reads them. */
export const active = <T extends { status: string; priority: number }>(items: T[]): T[] =>
  items.filter((x) => x.status === 'ACTIVE').sort((a, b) => a.priority - b.priority);
