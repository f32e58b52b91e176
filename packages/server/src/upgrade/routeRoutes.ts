import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConfigCache } from '../org/configCache.js';
import type { Store } from '../store/store.js';
import type { DecoyIds } from '../engine/decoyIds.js';
import { invalidField, notFound } from '../http/apiError.js';
import { engineFor } from './routing.js';

const missing = (field: string) => invalidField(field, 'The field cannot be left blank');

/**
 * `GET /api/v1/upgrade/route?client_id=…&login=…` → `{ clientId, engine: 'classic' | 'identity_engine' }`:
 * which engine an embedded app should sign this person in through (its code chooses between authn
 * and IDX). A login that matches nobody is placed by a stand-in id, so the answer does not tell
 * whether the account exists.
 */
export async function routeRoutes(app: FastifyInstance, deps: { store: Store; config: ConfigCache; decoys: DecoyIds }): Promise<void> {
  app.get('/api/v1/upgrade/route', async (request: FastifyRequest<{ Querystring: { client_id?: string; login?: string } }>, reply) => {
    const { client_id: clientId, login } = request.query;
    if (!clientId) throw missing('client_id');
    if (!login) throw missing('login');
    const client = await deps.config.app(clientId);
    if (!client) throw notFound(clientId, 'AppInstance');
    const user = await deps.store.users.findByLogin(login);
    const id = user?.id ?? deps.decoys.userId(login);
    // The stand-in's groups are read too (there are none), so both answers take the same queries.
    const person = { id, groups: await deps.store.groups.groupNamesOf(id) };
    const engine = engineFor((await deps.config.orgSettings()).engine ?? 'identity_engine', client, person);
    return reply.header('Cache-Control', 'no-store').send({ clientId, engine });
  });
}
