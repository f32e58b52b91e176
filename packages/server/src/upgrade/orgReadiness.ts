import type { Repositories } from '../store/store.js';
import { ORG_SETTINGS } from '../org/configCache.js';
import { fromJson } from '../store/json.js';
import { readiness, type ReadinessFinding } from './readiness.js';

export interface ReadinessReport {
  ready: boolean;
  findings: ReadinessFinding[];
}

/** `upgrade check` of the org as stored: its policies, Classic features and users without a password. */
export async function checkOrg(repos: Pick<Repositories, 'policies' | 'settings' | 'users'>): Promise<ReadinessReport> {
  const [policies, features, users] = await Promise.all([repos.policies.list(), repos.settings.get(ORG_SETTINGS.classicFeatures), repos.users.list()]);
  return readiness({
    policies, classicFeatures: fromJson(features ?? null, {}), passwordless: users.filter((u) => u.passwordHash === null).map((u) => u.login).sort(),
  });
}

/** The findings that block, one line each (what a refused `upgrade org` names). */
export const blockerLines = (findings: ReadinessFinding[]): string[] => findings.filter((f) => f.blocks).map((f) => `${f.feature}: ${f.inUse}`);
