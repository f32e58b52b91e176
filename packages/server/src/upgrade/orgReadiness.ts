import type { Repositories } from '../store/store.js';
import { ORG_SETTINGS } from '../org/configCache.js';
import { fromJson } from '../store/json.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import { AUTHENTICATORS } from '../authenticators/registry.js';
import { EVERYONE } from '../store/repositories/groups.js';
import { readiness, type ReadinessFinding } from './readiness.js';

export interface ReadinessReport {
  ready: boolean;
  findings: ReadinessFinding[];
}

/** `upgrade check` of the org as stored: its policies, Classic features, and its users (without a password; their enrolled authenticators). */
export async function checkOrg(repos: Pick<Repositories, 'policies' | 'settings' | 'users' | 'authenticatorEnrollments' | 'groups'>): Promise<ReadinessReport> {
  const [policies, features, users, enrollments, memberships] = await Promise.all([
    repos.policies.list(), repos.settings.get(ORG_SETTINGS.classicFeatures), repos.users.list(), repos.authenticatorEnrollments.all(), repos.groups.memberships(),
  ]);
  const byUser = new Map<string, AuthenticatorEnrollment[]>();
  for (const e of enrollments) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
  const groups = new Map<string, string[]>();
  for (const m of memberships) groups.set(m.userId, [...(groups.get(m.userId) ?? []), m.groupName]);
  return readiness({
    policies, classicFeatures: fromJson(features ?? null, {}), passwordless: users.filter((u) => u.passwordHash === null).map((u) => u.login).sort(),
    enrolled: users.map((u) => ({
      login: u.login, person: { id: u.id, groups: [EVERYONE, ...(groups.get(u.id) ?? [])] },
      keys: AUTHENTICATORS.filter((a) => a.isEnrolled(u, byUser.get(u.id) ?? [])).map((a) => a.key),
    })),
  });
}

/** The findings that block, one line each (what a refused `upgrade org` names). */
export const blockerLines = (findings: ReadinessFinding[]): string[] => findings.filter((f) => f.blocks).map((f) => `${f.feature}: ${f.inUse}`);
