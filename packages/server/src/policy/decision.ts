/**
 * Why a policy decided what it did: the policy consulted, each rule tried in order with its
 * conditions' results, and the outcome. The engine logs it for every decision and
 * `latchkey policy explain` prints it: the same text in both places.
 */
export interface ConditionResult {
  /** The condition's name in Okta's rule JSON: people, network, riskScore, … */
  condition: string;
  matched: boolean;
  why: string;
}

export interface RuleTrace {
  rule: string;
  matched: boolean;
  conditions: ConditionResult[];
}

export interface Explanation {
  /** OKTA_SIGN_ON or ACCESS_POLICY. */
  policyType: string;
  /** Undefined: no policy applies (the defaults decide). */
  policy?: string;
  /** The rule that matched; undefined when none did. */
  rule?: string;
  /** The rules tried, in order, up to the one that matched. */
  rules: RuleTrace[];
  /** What was decided, in a few words ("ALLOW 2FA", "DENY"). */
  outcome: string;
}

interface OrderedRule {
  name: string;
  status: string;
  priority: number;
}

/**
 * Okta's rule evaluation: the active rules by priority, the first whose every condition matches
 * wins. A rule's conditions are evaluated until one fails (its trace stops there).
 */
export function firstMatchingRule<R extends OrderedRule>(rules: R[], conditionsOf: (rule: R) => Array<() => ConditionResult>): { rule?: R; rules: RuleTrace[] } {
  const traces: RuleTrace[] = [];
  for (const rule of activeByPriority(rules)) {
    const conditions: ConditionResult[] = [];
    for (const evaluate of conditionsOf(rule)) {
      const result = evaluate();
      conditions.push(result);
      if (!result.matched) break;
    }
    const matched = conditions.every((c) => c.matched);
    traces.push({ rule: rule.name, matched, conditions });
    if (matched) return { rule, rules: traces };
  }
  return { rules: traces };
}

export function activeByPriority<R extends Pick<OrderedRule, 'status' | 'priority'>>(items: R[]): R[] {
  return items.filter((r) => r.status === 'ACTIVE').sort((a, b) => a.priority - b.priority);
}

/** One line per decision, e.g. `ACCESS_POLICY "Payroll" rule "Office" → ALLOW 2FA; tried: "Office" (people yes: …; network yes: …)`. */
export function explanationText(e: Explanation): string {
  const head = e.policy === undefined ? `${e.policyType} (no policy applies: defaults)` : `${e.policyType} "${e.policy}" ${e.rule === undefined ? 'no rule matched' : `rule "${e.rule}"`}`;
  const tried = e.rules.map((r) => `"${r.rule}" (${r.conditions.length === 0 ? 'no conditions' : r.conditions.map((c) => `${c.condition} ${c.matched ? 'yes' : 'no'}: ${c.why}`).join('; ')})`);
  return `${head} → ${e.outcome}${tried.length > 0 ? `; tried: ${tried.join(', ')}` : ''}`;
}
