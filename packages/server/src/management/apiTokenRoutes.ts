import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import { notFound } from '../http/apiError.js';
import { listApiTokens, revokeApiToken, type ApiTokenSummary } from '../org/apiTokens.js';

/** A token as Okta's API Tokens API shows it (the fields Latchkey keeps). */
const resource = (t: ApiTokenSummary) => ({ id: t.id, name: t.name, created: new Date(t.createdAt).toISOString() });

/** Okta's API Tokens API: list the tokens, revoke one (`GET /api/v1/api-tokens`, `DELETE /api/v1/api-tokens/{id}`). */
export async function apiTokenRoutes(app: FastifyInstance, store: Store): Promise<void> {
  app.get('/api/v1/api-tokens', async () => (await listApiTokens(store)).map(resource));
  app.delete('/api/v1/api-tokens/:id', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    if (!(await revokeApiToken(store, request.params.id))) throw notFound(request.params.id, 'ApiToken');
    return reply.code(204).send();
  });
}
