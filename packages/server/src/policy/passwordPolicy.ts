import { normalizePassword } from '../platform/passwordHashing.js';
import type { Policy } from '../store/repositories/policies.js';
import { isCommonPassword } from './commonPasswords.js';
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
    /** Okta's common-password check: refuse passwords on the list of commonly used ones. */
    dictionary: { common: { exclude: boolean } };
  };
  lockout: {
    /** Failures before the account locks; 0 turns lockout off. */
    maxAttempts: number;
    /** Minutes until a locked account unlocks by itself; null: only an administrator unlocks it. */
    autoUnlockMinutes: number | null;
  };
  age: {
    /** A new password may not be any of the last this many (the current one included); 0: no history. */
    historyCount: number;
    /** Minutes after a change before the password may be changed again; 0: any time. */
    minAgeMinutes: number;
  };
}

export const DEFAULT_PASSWORD_SETTINGS: PasswordSettings = {
  complexity: {
    minLength: 8, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 0, excludeUsername: true, excludeAttributes: [],
    dictionary: { common: { exclude: false } },
  },
  lockout: { maxAttempts: 10, autoUnlockMinutes: 60 },
  age: { historyCount: 0, minAgeMinutes: 0 },
};

/**
 * NIST SP 800-63B rev. 4 (§3.1.1.2): no composition rules, the blocklist on, no expiry (Latchkey
 * has none), any length up to at least 64. 15 characters is the minimum for a password that is the
 * only factor; the password policy cannot see whether sign-on also asks another factor, so the
 * preset assumes it does not (orgs that always require MFA may set `minLength: 8`).
 */
export const NIST_PASSWORD_SETTINGS: PasswordSettings = {
  complexity: {
    minLength: 15, minLowerCase: 0, minUpperCase: 0, minNumber: 0, minSymbol: 0, excludeUsername: true, excludeAttributes: [],
    dictionary: { common: { exclude: true } },
  },
  lockout: DEFAULT_PASSWORD_SETTINGS.lockout,
  age: DEFAULT_PASSWORD_SETTINGS.age,
};

/** `settings.password.preset`: the settings a policy starts from before its own are laid over them. */
export const PASSWORD_PRESETS = { OKTA_DEFAULT: DEFAULT_PASSWORD_SETTINGS, NIST_800_63B: NIST_PASSWORD_SETTINGS } as const;
export type PasswordPreset = keyof typeof PASSWORD_PRESETS;

/** The first active PASSWORD policy (by priority) whose people condition includes the person. */
export function passwordPolicyFor(policies: Policy[], person: Person | undefined): Policy | undefined {
  return policies
    .filter((p) => p.type === 'PASSWORD' && p.status === 'ACTIVE')
    .sort((a, b) => a.priority - b.priority)
    .find((p) => peopleMatch((p.conditions as { people?: PeopleCondition }).people, person));
}

/** The settings of the person's password policy (passwordPolicyFor), over its preset. */
export function passwordSettingsFor(policies: Policy[], person: Person | undefined): PasswordSettings {
  const policy = passwordPolicyFor(policies, person);
  const given = (policy?.settings as { password?: Partial<PasswordSettings> & { preset?: PasswordPreset } } | undefined)?.password;
  const base = PASSWORD_PRESETS[given?.preset ?? 'OKTA_DEFAULT'] ?? DEFAULT_PASSWORD_SETTINGS;
  return {
    complexity: { ...base.complexity, ...given?.complexity },
    lockout: { ...base.lockout, ...given?.lockout },
    age: { ...base.age, ...given?.age },
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

/** The age rules in Okta's words (its login.properties `password.complexity.history` and `…minAgeMinutes`), as sentences. */
export function describeAge(age: PasswordSettings['age']): string {
  return [
    age.historyCount > 0 && `Your password cannot be any of your last ${age.historyCount} password(s).`,
    age.minAgeMinutes > 0 && `At least ${age.minAgeMinutes} minute(s) must have elapsed since you last changed your password.`,
  ].filter((p): p is string => typeof p === 'string').join(' ');
}

/** Every rule a new password must meet, as Okta lists them in its refusal. */
export const describeRequirements = (s: Pick<PasswordSettings, 'complexity' | 'age'>): string => [describeComplexity(s.complexity), describeAge(s.age)].filter(Boolean).join(' ');

/** The password was changed less than the minimum age ago (a first password, never changed, may always be set). */
export function changedTooRecently(changedAt: number | null, age: PasswordSettings['age'], now: number): boolean {
  return changedAt !== null && age.minAgeMinutes > 0 && now - changedAt < age.minAgeMinutes * 60_000;
}

/** How many stored previous hashes a new password is compared with, besides the current one. */
export const previousToCompare = (age: PasswordSettings['age']): number => Math.max(0, age.historyCount - 1);

const count = (s: string, pattern: RegExp) => (s.match(pattern) ?? []).length;

/** Why a new password is refused: Okta answers each with its own message. */
export type PasswordProblem = 'requirementsNotMet' | 'common';

/**
 * What is wrong with a new password, if anything. The rules apply to its NFKC form (the form that
 * is hashed), and length counts its code points. `profile` gives the username and the attributes
 * it must not contain.
 */
export function passwordProblem(password: string, c: Complexity, profile: { login: string; [attribute: string]: unknown }): PasswordProblem | null {
  const normalized = normalizePassword(password);
  if (!meetsComplexity(normalized, c, profile)) return 'requirementsNotMet';
  return c.dictionary.common.exclude && isCommonPassword(normalized) ? 'common' : null;
}

function meetsComplexity(password: string, c: Complexity, profile: { login: string; [attribute: string]: unknown }): boolean {
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
