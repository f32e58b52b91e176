import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import { notFound } from '../http/apiError.js';
import { once } from '../http/queryParameters.js';
import { pageLimit, paginationLinks } from '../http/pagination.js';
import type { ConfigCache } from '../org/configCache.js';
import { API_TOKEN_CLIENT_NAME, findLiveApiToken, listLiveApiTokens, revokeApiToken, updateApiToken, type ApiTokenSummary } from '../org/apiTokens.js';
import { currentApiToken } from './apiTokenAuth.js';
import { apiTokenUpdateOf } from './apiTokenUpdate.js';
import { objectBody } from './requestBody.js';

/** Okta's largest page of API tokens. */
const MAX_LIMIT = 200;

const iso = (at: number) => new Date(at).toISOString();

/**
 * A token as Okta's API Tokens API shows it. `lastUpdated` is its last recorded use, which is what
 * moves its expiry. `self` allows GET and DELETE, as Okta's own example shows it, though PUT is answered too.
 */
function resource(t: ApiTokenSummary, baseUrl: string) {
  return {
    name: t.name,
    userId: t.userId,
    tokenWindow: t.tokenWindow,
    network: t.network ?? { connection: 'ANYWHERE' },
    id: t.id,
    clientName: API_TOKEN_CLIENT_NAME,
    expiresAt: iso(t.expiresAt),
    created: iso(t.createdAt),
    lastUpdated: iso(t.lastUsedAt),
    _links: {
      self: { href: `${baseUrl}/api/v1/api-tokens/${t.id}`, hints: { allow: ['GET', 'DELETE'] } },
      ...(t.userId !== null && { user: { href: `${baseUrl}/api/v1/users/${t.userId}`, hints: { allow: ['GET'] } } }),
    },
  };
}

type ListRequest = FastifyRequest<{ Querystring: { limit?: string; after?: unknown; q?: unknown } }>;
type TokenRequest = FastifyRequest<{ Params: { id: string } }>;

/**
 * Okta's API Tokens API: list the active tokens (found by `q`, paged by `limit` and `after`, with Link headers),
 * read one or the one in use (`current`), set one's network condition and name, revoke one or the one
 * in use. An expired token is not found.
 */
export async function apiTokenRoutes(app: FastifyInstance, deps: { store: Store; clock: Clock; baseUrl: string; config: ConfigCache }): Promise<void> {
  const { store, clock, baseUrl } = deps;
  app.get('/api/v1/api-tokens', async (request: ListRequest, reply) => {
    const limit = pageLimit(request.query.limit, MAX_LIMIT);
    const after = once(request.query.after, 'after');
    const q = once(request.query.q, 'q');
    const tokens = await listLiveApiTokens(store, clock.now(), { limit, after, q });
    paginationLinks(reply, `${baseUrl}/api/v1/api-tokens${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`, { limit, items: tokens });
    return tokens.map((t) => resource(t, baseUrl));
  });
  app.get('/api/v1/api-tokens/current', async (request) => resource(currentApiToken(request), baseUrl));
  app.get('/api/v1/api-tokens/:id', async (request: TokenRequest) => {
    const token = await findLiveApiToken(store, request.params.id, clock.now());
    if (!token) throw notFound(request.params.id, 'ApiToken');
    return resource(token, baseUrl);
  });
  app.put('/api/v1/api-tokens/:id', async (request: TokenRequest) => {
    const body = objectBody(request);
    const token = await findLiveApiToken(store, request.params.id, clock.now());
    const updated = token && (await updateApiToken(store, token, apiTokenUpdateOf(body, token, await deps.config.networkZones())));
    if (!updated) throw notFound(request.params.id, 'ApiToken');
    return resource(updated, baseUrl);
  });
  app.delete('/api/v1/api-tokens/current', async (request, reply) => {
    await revokeApiToken(store, currentApiToken(request).id);
    return reply.code(204).send();
  });
  app.delete('/api/v1/api-tokens/:id', async (request: TokenRequest, reply) => {
    if (!(await findLiveApiToken(store, request.params.id, clock.now())) || !(await revokeApiToken(store, request.params.id))) throw notFound(request.params.id, 'ApiToken');
    return reply.code(204).send();
  });
}
