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
