import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { AppRollout } from '../store/repositories/apps.js';
import { invalidField as invalid } from '../http/apiError.js';
import { checkOrg } from '../upgrade/orgReadiness.js';
import { rollbackOrg, upgradeOrg } from '../upgrade/orgUpgrade.js';
import { setAppEngine } from '../upgrade/appMoves.js';
import { readUpgradeStatus } from '../upgrade/upgradeStatus.js';
import { objectBody } from './requestBody.js';
import type { Body } from '../http/requestBody.js';


function flag(body: Body, field: string): boolean {
  const value = body[field] ?? false;
  if (typeof value !== 'boolean') throw invalid(field, 'must be true or false');
  return value;
}

/** `{ engine: 'classic' }`, or `{ percent?, groups? }` (with `engine: 'identity_engine'` or none). */
function appRequest(body: Body): { engine: 'classic' } | Partial<AppRollout> {
  if (body.engine === 'classic') return { engine: 'classic' };
  if (body.engine !== undefined && body.engine !== 'identity_engine') throw invalid('engine', 'must be classic or identity_engine');
  const { percent, groups } = body;
  if (percent !== undefined && typeof percent !== 'number') throw invalid('percent', 'must be a whole number from 0 to 100');
  if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))) throw invalid('groups', 'must be a list of group names');
  return { percent, groups };
}

/**
 * Each step of the Classic → Identity Engine upgrade as a management endpoint: the same domain
 * functions as `latchkey upgrade …`, answering what its `--json` prints (docs/upgrade.md).
 */
export async function upgradeRoutes(app: FastifyInstance, deps: { store: Store; clock: Clock }): Promise<void> {
  const { store, clock } = deps;
  app.get('/api/v1/upgrade/check', async () => checkOrg(store));
  app.post('/api/v1/upgrade/org', async (request) => {
    const body = objectBody(request);
    return upgradeOrg(store, { dryRun: flag(body, 'dryRun'), force: flag(body, 'force') });
  });
  app.post('/api/v1/upgrade/rollback', async () => rollbackOrg(store));
  app.put('/api/v1/upgrade/apps/:clientId', async (request: FastifyRequest<{ Params: { clientId: string } }>) =>
    setAppEngine(store, request.params.clientId, appRequest(objectBody(request)), clock.now()));
  app.get('/api/v1/upgrade/status', async () => readUpgradeStatus(store));
}
