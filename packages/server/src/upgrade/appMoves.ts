import type { Repositories, Store } from '../store/store.js';
import { markConfigChanged, ORG_SETTINGS } from '../org/configCache.js';
import { ALL_CLIENTS } from '../org/orgFile/schema.js';
import { UpgradeRefusal } from './upgradeRefusal.js';

/**
 * An app moving to the Identity Engine: who is routed there (a percentage of users, and whole
 * groups), and what the move added (the interaction_code grant on the app and on the authorization
 * servers' access rules that apply to it) so that moving back removes exactly that.
 */
export interface AppMove {
  percent: number;
  groups: string[];
  added: { appGrant: boolean; serverRules: Array<{ serverId: string; policy: string; rule: string }> };
}

const MOVES_KEY = 'upgrade.moves';

export async function readMoves(repos: Pick<Repositories, 'settings'>): Promise<Record<string, AppMove>> {
  const stored = await repos.settings.get(MOVES_KEY);
  return stored ? (JSON.parse(stored) as Record<string, AppMove>) : {};
}

async function writeMoves(repos: Repositories, moves: Record<string, AppMove>): Promise<void> {
  if (Object.keys(moves).length === 0) await repos.settings.delete(MOVES_KEY);
  else await repos.settings.set(MOVES_KEY, JSON.stringify(moves));
  await markConfigChanged(repos);
}

/**
 * Moves the app (the seeds' two admin steps: the grant on the app and on its authorization
 * servers), or changes who is routed for an app already moved. Refused in a Classic org.
 */
export function moveApp(store: Store, clientId: string, routing: { percent?: number; groups?: string[] }, now: number): Promise<AppMove> {
  return store.transaction(async (repos) => {
    if ((await repos.settings.get(ORG_SETTINGS.engine)) === 'classic') throw new UpgradeRefusal('the org is still Classic: run "latchkey upgrade org" first');
    const app = await repos.apps.findByClientId(clientId);
    if (!app) throw new UpgradeRefusal(`no app with client id ${JSON.stringify(clientId)}`);
    const moves = await readMoves(repos);
    const move = moves[clientId] ?? { percent: 100, groups: [], added: await enableInteractionCode(repos, clientId, now) };
    moves[clientId] = { ...move, percent: routing.percent ?? move.percent, groups: routing.groups ?? move.groups };
    await writeMoves(repos, moves);
    return moves[clientId];
  });
}

/** Moves the app back to the Classic Engine: removes what the move added. */
export function moveBack(store: Store, clientId: string, now: number): Promise<void> {
  return store.transaction(async (repos) => {
    const moves = await readMoves(repos);
    const move = moves[clientId];
    if (!move) throw new UpgradeRefusal(`the app ${JSON.stringify(clientId)} has not moved`);
    const app = await repos.apps.findByClientId(clientId);
    if (app && move.added.appGrant) await repos.apps.upsert({ ...app, grantTypes: app.grantTypes.filter((g) => g !== 'interaction_code'), updatedAt: now });
    for (const serverId of new Set(move.added.serverRules.map((r) => r.serverId))) {
      const server = await repos.authServers.find(serverId);
      if (!server) continue;
      const added = (policy: string, rule: string) => move.added.serverRules.some((r) => r.serverId === serverId && r.policy === policy && r.rule === rule);
      await repos.authServers.save({
        ...server,
        policies: server.policies.map((p) => ({ ...p, rules: p.rules.map((r) => (added(p.name, r.name) ? { ...r, grantTypes: r.grantTypes.filter((g) => g !== 'interaction_code') } : r)) })),
      });
    }
    delete moves[clientId];
    await writeMoves(repos, moves);
  });
}

/** Adds the interaction_code grant where the app lacks it; answers what it added. */
async function enableInteractionCode(repos: Repositories, clientId: string, now: number): Promise<AppMove['added']> {
  const app = (await repos.apps.findByClientId(clientId))!;
  const appGrant = !app.grantTypes.includes('interaction_code');
  if (appGrant) await repos.apps.upsert({ ...app, grantTypes: [...app.grantTypes, 'interaction_code'], updatedAt: now });
  const serverRules: AppMove['added']['serverRules'] = [];
  for (const serverId of await repos.authServers.ids()) {
    const server = (await repos.authServers.find(serverId))!;
    let changed = false;
    const policies = server.policies.map((p) => {
      if (!p.clients.includes(clientId) && !p.clients.includes(ALL_CLIENTS)) return p;
      return {
        ...p,
        rules: p.rules.map((r) => {
          if (r.grantTypes.includes('interaction_code') || !r.grantTypes.includes('authorization_code')) return r;
          changed = true;
          serverRules.push({ serverId, policy: p.name, rule: r.name });
          return { ...r, grantTypes: [...r.grantTypes, 'interaction_code' as const] };
        }),
      };
    });
    if (changed) await repos.authServers.save({ ...server, policies });
  }
  return { appGrant, serverRules };
}
