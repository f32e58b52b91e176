import type { Translator } from '../i18n/translator.js';

/** A password authenticator's `settings.complexity`, as Okta sends it (numbers, flags, attribute names). */
export type Complexity = Record<string, unknown>;

/** Okta's widget keys for each rule; `true`: the rule's value is its parameter. Keys not here (new rules) are left out. */
const RULES: Record<string, [key: string, withValue?: true]> = {
  minLength: ['password.complexity.length', true],
  minLowerCase: ['password.complexity.lowercase'],
  minUpperCase: ['password.complexity.uppercase'],
  minNumber: ['password.complexity.number'],
  minSymbol: ['password.complexity.symbol'],
  excludeUsername: ['password.complexity.no_username'],
  useADComplexityRequirements: ['password.complexity.adRequirements'],
  maxConsecutiveRepeatingCharacters: ['password.complexity.maxConsecutiveRepeatingCharacters', true],
};
const ATTRIBUTES: Record<string, string> = { firstName: 'password.complexity.no_first_name', lastName: 'password.complexity.no_last_name' };

/** "Password requirements: at least 8 characters, a lowercase letter, …." in Okta's words, in the order the server lists the rules; undefined without rules. */
export function describeRequirements(t: Translator, complexity: Complexity | undefined): string | undefined {
  const rules = Object.entries(complexity ?? {}).flatMap(([name, value]) => {
    if (name === 'excludeAttributes') return Array.isArray(value) ? value.filter((a) => a in ATTRIBUTES).map((a) => t.t(ATTRIBUTES[a])) : [];
    const rule = RULES[name];
    if (!rule || !(value === true || (typeof value === 'number' && value > 0))) return [];
    return [t.t(rule[0], rule[1] && [value])];
  });
  if (rules.length === 0) return undefined;
  const list = rules.reduce((all, rule) => all + t.t('password.complexity.list.element', [rule]));
  return t.t('password.complexity.requirements', [list]);
}
