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
    /** Profile attributes (e.g. firstName, lastName) the password must not contain. */
    excludeAttributes: string[];
  };
  lockout: {
    /** Failures before the account locks; 0 turns lockout off. */
    maxAttempts: number;
    /** Minutes until a locked account unlocks by itself; null: only an administrator unlocks it. */
    autoUnlockMinutes: number | null;
  };
}

export const DEFAULT_PASSWORD_SETTINGS: PasswordSettings = {
  complexity: { minLength: 8, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 0, excludeUsername: true, excludeAttributes: [] },
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

type Complexity = PasswordSettings['complexity'];

/** The rules as Okta words them to the person: "at least 8 characters, a lowercase letter, …". */
export function describeComplexity(c: Complexity): string {
  const parts = [
    c.minLength > 0 && `at least ${c.minLength} characters`,
    c.minLowerCase > 0 && 'a lowercase letter',
    c.minUpperCase > 0 && 'an uppercase letter',
    c.minNumber > 0 && 'a number',
    c.minSymbol > 0 && 'a symbol',
    c.excludeUsername && 'no parts of your username',
    ...c.excludeAttributes.map((a) => `does not include your ${a === 'firstName' ? 'first name' : a === 'lastName' ? 'last name' : a}`),
  ].filter((p): p is string => typeof p === 'string');
  return `Password requirements: ${parts.join(', ')}.`;
}

const count = (s: string, pattern: RegExp) => (s.match(pattern) ?? []).length;

/** Whether a new password meets the complexity rules; `profile` gives the username and attributes it must not contain. */
export function meetsComplexity(password: string, c: Complexity, profile: { login: string; [attribute: string]: unknown }): boolean {
  const lower = password.toLowerCase();
  const contains = (value: unknown) => typeof value === 'string' && value.length >= 3 && lower.includes(value.toLowerCase());
  // Okta's "parts of your username": the login, and its local part when it is an email address.
  const usernameParts = [profile.login, profile.login.split('@')[0]];
  return [...password].length >= c.minLength
    && count(password, /\p{Ll}/gu) >= c.minLowerCase
    && count(password, /\p{Lu}/gu) >= c.minUpperCase
    && count(password, /\p{Nd}/gu) >= c.minNumber
    && count(password, /[^\p{L}\p{Nd}\s]/gu) >= c.minSymbol
    && !(c.excludeUsername && usernameParts.some(contains))
    && !c.excludeAttributes.some((a) => contains(profile[a]));
}
