import type { Policy } from '../store/repositories/policies.js';
import type { Person } from './people.js';
import { passwordPolicyFor } from './passwordPolicy.js';

const DAY_MS = 24 * 3600_000;

/** Okta's `settings.password.age` of a password policy, the part about expiry (0: the password never expires, no warning). */
export interface PasswordAge {
  maxAgeDays: number;
  expireWarnDays: number;
}

export const NO_EXPIRY: PasswordAge = { maxAgeDays: 0, expireWarnDays: 0 };

/** The expiry settings of the person's password policy. */
export function passwordAgeFor(policies: Policy[], person: Person | undefined): PasswordAge {
  const age = (passwordPolicyFor(policies, person)?.settings as { password?: { age?: Partial<PasswordAge> } } | undefined)?.password?.age;
  const days = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
  return { maxAgeDays: days(age?.maxAgeDays), expireWarnDays: days(age?.expireWarnDays) };
}

/** Where a password stands: usable, usable but soon to expire (whole days left, at least 1), or to be changed before signing in. */
export type PasswordStanding = { state: 'current' } | { state: 'expiring'; daysToExpiry: number } | { state: 'expired' };

export interface PasswordFacts {
  age: PasswordAge;
  /** When the password was last set; null when unknown (never expires by age). */
  changedAt: number | null;
  /** An administrator expired it (Okta's user status PASSWORD_EXPIRED). */
  expiredByAdmin: boolean;
  now: number;
}

/** Whether the password must be changed now, soon, or not at all. */
export function passwordStanding({ age, changedAt, expiredByAdmin, now }: PasswordFacts): PasswordStanding {
  if (expiredByAdmin) return { state: 'expired' };
  if (age.maxAgeDays === 0 || changedAt === null) return { state: 'current' };
  const expiresAt = changedAt + age.maxAgeDays * DAY_MS;
  if (now >= expiresAt) return { state: 'expired' };
  if (age.expireWarnDays > 0 && now >= expiresAt - age.expireWarnDays * DAY_MS) return { state: 'expiring', daysToExpiry: Math.ceil((expiresAt - now) / DAY_MS) };
  return { state: 'current' };
}
