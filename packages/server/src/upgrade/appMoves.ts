import type { AppRollout } from '../store/repositories/apps.js';
import type { AuthServer } from '../store/repositories/authServers.js';
import type { Repositories, Store } from '../store/store.js';
import { markConfigChanged, ORG_SETTINGS } from '../org/configCache.js';
import { ALL_CLIENTS } from '../org/orgFile/schema.js';
import { UpgradeRefusal } from './upgradeRefusal.js';

/**
 * What moving an app added: the interaction_code grant on the app and on the authorization servers'
 * access rules that apply to it. Kept (outside the org file) so moving back removes exactly that.
 */
export interface MoveRecord {
  appGrant: boolean;
  serverRules: Array<{ serverId: string; policy: string; rule: string }>;
}

const MOVES_KEY = 'upgrade.moves';

async function readMoves(repos: Pick<Repositories, 'settings'>): Promise<Record<string, MoveRecord>> {
  const stored = await repos.settings.get(MOVES_KEY);
  return stored ? (JSON.parse(stored) as Record<string, MoveRecord>) : {};
}

async function writeMoves(repos: Repositories, moves: Record<string, MoveRecord>): Promise<void> {
  if (Object.keys(moves).length === 0) await repos.settings.delete(MOVES_KEY);
  else await repos.settings.set(MOVES_KEY, JSON.stringify(moves));
}

const unknownApp = (clientId: string) => new UpgradeRefusal(`no app with client id ${JSON.stringify(clientId)}`, 'not_found', [clientId]);

/** The apps an admin has moved to the Identity Engine (engine: identity_engine), by client id. */
export async function movedApps(repos: Pick<Repositories, 'apps'>): Promise<string[]> {
  return (await repos.apps.list()).filter((a) => a.settings.engine === 'identity_engine').map((a) => a.clientId).sort();
}

/**
 * Moves the app to the Identity Engine for the users `routing` names (the seeds' two admin steps
 * first: the grant on the app and on its authorization servers), or changes who is routed for an
 * app already moved. Refused in a Classic org.
 */
function moveApp(store: Store, clientId: string, routing: Partial<AppRollout>, now: number): Promise<AppRollout> {
  const { percent } = routing;
  if (percent !== undefined && !(Number.isInteger(percent) && percent >= 0 && percent <= 100)) {
    return Promise.reject(new UpgradeRefusal('the percentage must be a whole number from 0 to 100', 'invalid', ['percent: must be a whole number from 0 to 100']));
  }
  return store.transaction(async (repos) => {
    if ((await repos.settings.get(ORG_SETTINGS.engine)) === 'classic') throw new UpgradeRefusal('the org is still Classic: run "latchkey upgrade org" first');
    const app = await repos.apps.findByClientId(clientId);
    if (!app) throw unknownApp(clientId);
    // Exported, the rollout must stay a valid org file: its groups must exist.
    for (const g of routing.groups ?? []) if (g !== 'Everyone' && !(await repos.groups.findByName(g))) throw new UpgradeRefusal(`no group named ${JSON.stringify(g)}`, 'invalid', [`groups: no group named ${JSON.stringify(g)}`]);
    const current = app.settings.engine === 'identity_engine' ? app.settings.rollout ?? { percent: 100, groups: [] } : { percent: 100, groups: [] };
    const rollout = { percent: routing.percent ?? current.percent, groups: routing.groups ?? current.groups };
    let grantTypes = app.grantTypes;
    if (app.settings.engine !== 'identity_engine') {
      const moves = await readMoves(repos);
      const appGrant = !grantTypes.includes('interaction_code');
      if (appGrant) grantTypes = [...grantTypes, 'interaction_code'];
      moves[clientId] = { appGrant, serverRules: await enableOnServers(repos, clientId) };
      await writeMoves(repos, moves);
    }
    await repos.apps.upsert({ ...app, grantTypes, settings: { ...app.settings, engine: 'identity_engine', rollout }, updatedAt: now });
    await markConfigChanged(repos);
    return rollout;
  });
}

/** Moves the app back to the Classic Engine: its engine as before the move, and what the move added removed. */
function moveBack(store: Store, clientId: string, now: number): Promise<void> {
  return store.transaction(async (repos) => {
    const app = await repos.apps.findByClientId(clientId);
    if (!app) throw unknownApp(clientId);
    if (app.settings.engine !== 'identity_engine') throw new UpgradeRefusal(`the app ${JSON.stringify(clientId)} has not moved`);
    const moves = await readMoves(repos);
    const added = moves[clientId] ?? { appGrant: false, serverRules: [] };
    const { engine: _engine, rollout: _rollout, ...settings } = app.settings;
    const grantTypes = added.appGrant ? app.grantTypes.filter((g) => g !== 'interaction_code') : app.grantTypes;
    await repos.apps.upsert({ ...app, grantTypes, settings, updatedAt: now });
    for (const serverId of new Set(added.serverRules.map((r) => r.serverId))) {
      const server = await repos.authServers.find(serverId);
      const wasAdded = (policy: string, rule: string) => added.serverRules.some((r) => r.serverId === serverId && r.policy === policy && r.rule === rule);
      if (server) await repos.authServers.save(withRuleGrants(server, (p, r) => (wasAdded(p, r.name) ? r.grantTypes.filter((g) => g !== 'interaction_code') : r.grantTypes)));
    }
    delete moves[clientId];
    await writeMoves(repos, moves);
    await markConfigChanged(repos);
  });
}

/** What `upgrade app` answers (the CLI's `--json`, the management API's body). */
export type AppEngineOutcome =
  | { clientId: string; engine: 'identity_engine'; rollout: AppRollout; summary: string }
  | { clientId: string; engine: 'classic'; summary: string };

/** `upgrade app`: back to Classic, or to the Identity Engine for the users `routing` names. */
export async function setAppEngine(store: Store, clientId: string, request: { engine: 'classic' } | Partial<AppRollout>, now: number): Promise<AppEngineOutcome> {
  if ('engine' in request) {
    await moveBack(store, clientId, now);
    return { clientId, engine: 'classic', summary: 'back on the Classic Engine (the interaction_code grant the move added is removed)' };
  }
  const rollout = await moveApp(store, clientId, request, now);
  return { clientId, engine: 'identity_engine', rollout, summary: describeRollout(rollout) };
}

export const describeRollout = (r: AppRollout): string =>
  `identity_engine for ${r.percent}% of users${r.groups.length ? ` and the groups ${r.groups.join(', ')}` : ''}, classic for the others`;

type Rule = AuthServer['policies'][number]['rules'][number];

function withRuleGrants(server: AuthServer, grants: (policy: string, rule: Rule) => Rule['grantTypes']): AuthServer {
  return { ...server, policies: server.policies.map((p) => ({ ...p, rules: p.rules.map((r) => ({ ...r, grantTypes: grants(p.name, r) })) })) };
}

/** Adds interaction_code to the people-facing access rules (authorization_code) that apply to the app; answers where. */
async function enableOnServers(repos: Repositories, clientId: string): Promise<MoveRecord['serverRules']> {
  const added: MoveRecord['serverRules'] = [];
  for (const serverId of await repos.authServers.ids()) {
    const server = (await repos.authServers.find(serverId))!;
    const applies = (p: AuthServer['policies'][number]) => p.clients.includes(clientId) || p.clients.includes(ALL_CLIENTS);
    const lacking = (r: Rule) => r.grantTypes.includes('authorization_code') && !r.grantTypes.includes('interaction_code');
    const targets = server.policies.filter(applies).flatMap((p) => p.rules.filter(lacking).map((r) => ({ serverId, policy: p.name, rule: r.name })));
    if (targets.length === 0) continue;
    added.push(...targets);
    const isTarget = (policy: string, rule: string) => targets.some((t) => t.policy === policy && t.rule === rule);
    await repos.authServers.save(withRuleGrants(server, (p, r) => (isTarget(p, r.name) ? [...r.grantTypes, 'interaction_code'] : r.grantTypes)));
  }
  return added;
}
