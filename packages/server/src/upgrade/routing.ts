import { createHash } from 'node:crypto';
import type { EngineMode } from '../org/classic/engineMode.js';
import type { Person } from '../policy/people.js';
import type { App } from '../store/repositories/apps.js';

/** 0–99, the same for one app and one user in every process and release: a user's place in a rollout. */
export function rolloutBucket(clientId: string, userId: string): number {
  return createHash('sha256').update(`${clientId}\u0000${userId}`).digest().readUInt32BE(0) % 100;
}

/** The app's own engine: Classic while the org is, when pinned, or without the interaction_code grant; else Identity Engine (for its rollout). */
export function appEngine(orgEngine: EngineMode, app: Pick<App, 'grantTypes' | 'settings'>): EngineMode {
  if (orgEngine === 'classic' || app.settings.engine === 'classic' || !app.grantTypes.includes('interaction_code')) return 'classic';
  return 'identity_engine';
}

/**
 * The engine of an app's sign-in on the hosted page (/v1/authorize), chosen before anyone is known:
 * Classic while the org is, or for an app the org file pins to it. The interaction_code grant is not asked:
 * the hosted page needs none (it is for apps that embed the sign-in), and an app in a rollout signs
 * in on the Identity Engine page.
 */
export function hostedEngine(orgEngine: EngineMode | undefined, app: Pick<App, 'settings'>): EngineMode {
  return orgEngine === 'classic' || app.settings.engine === 'classic' ? 'classic' : 'identity_engine';
}

/**
 * The engine an app's sign-in of this person goes through: the app's; for an app moving to the
 * Identity Engine, the groups its rollout names and the users whose bucket falls under its
 * percentage go there, the others stay Classic.
 */
export function engineFor(orgEngine: EngineMode, app: Pick<App, 'clientId' | 'grantTypes' | 'settings'>, person: Person): EngineMode {
  if (appEngine(orgEngine, app) === 'classic') return 'classic';
  const rollout = app.settings.rollout;
  if (!rollout || rollout.groups.some((g) => person.groups.includes(g))) return 'identity_engine';
  return rolloutBucket(app.clientId, person.id) < rollout.percent ? 'identity_engine' : 'classic';
}
