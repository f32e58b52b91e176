import type { Policy } from '../store/repositories/policies.js';
import { peopleMatch, type PeopleCondition, type Person } from './people.js';

/** Okta's password policy settings (`settings.password`), with Okta's defaults. */
export interface PasswordSettings {
  complexity: {
    minLength: number;
    minLowerCase: number;
    minUpperCase: number;
    minNumber: number;
    minSymbol: number;
    excludeUsername: boolean;
  };
  lockout: {
    /** Failures before the account locks; 0 turns lockout off. */
    maxAttempts: number;
    /** Minutes until a locked account unlocks by itself; null: only an administrator unlocks it. */
    autoUnlockMinutes: number | null;
  };
}

export const DEFAULT_PASSWORD_SETTINGS: PasswordSettings = {
  complexity: { minLength: 8, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 0, excludeUsername: true },
  lockout: { maxAttempts: 10, autoUnlockMinutes: 60 },
};

/** The first active PASSWORD policy (by priority) whose people condition includes the person. */
export function passwordSettingsFor(policies: Policy[], person: Person | undefined): PasswordSettings {
  const policy = policies
    .filter((p) => p.type === 'PASSWORD' && p.status === 'ACTIVE')
    .sort((a, b) => a.priority - b.priority)
    .find((p) => peopleMatch((p.conditions as { people?: PeopleCondition }).people, person));
  const given = (policy?.settings as { password?: Partial<PasswordSettings> } | undefined)?.password;
  return {
    complexity: { ...DEFAULT_PASSWORD_SETTINGS.complexity, ...given?.complexity },
    lockout: { ...DEFAULT_PASSWORD_SETTINGS.lockout, ...given?.lockout },
  };
}

/** What a new password lacks under the complexity rules; empty when it is acceptable. */
export function complexityProblems(password: string, settings: PasswordSettings, login: string): string[] {
  const c = settings.complexity;
  const count = (re: RegExp) => (password.match(re) ?? []).length;
  const problems: string[] = [];
  if ([...password].length < c.minLength) problems.push(`at least ${c.minLength} characters`);
  if (count(/\p{Ll}/gu) < c.minLowerCase) problems.push(`at least ${c.minLowerCase} lowercase letter(s)`);
  if (count(/\p{Lu}/gu) < c.minUpperCase) problems.push(`at least ${c.minUpperCase} uppercase letter(s)`);
  if (count(/\p{Nd}/gu) < c.minNumber) problems.push(`at least ${c.minNumber} number(s)`);
  if (count(/[^\p{L}\p{Nd}\s]/gu) < c.minSymbol) problems.push(`at least ${c.minSymbol} symbol(s)`);
  const localPart = login.split('@')[0].toLowerCase();
  if (c.excludeUsername && localPart.length >= 3 && password.toLowerCase().includes(localPart)) problems.push('no parts of your username');
  return problems;
}
