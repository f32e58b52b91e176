import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import type { UserCondition } from '../store/repositories/users.js';
import { pageLimit, paginationLinks } from '../http/pagination.js';
import { once } from '../http/queryParameters.js';
import { parseUserExpression } from './userFilterExpression.js';
import { userResource } from './userResource.js';

/** Okta's default and largest page of users. */
const MAX_LIMIT = 200;

/** What Okta's `q` looks in: the start of the first name, last name, email or login, in any case. */
const Q_FIELDS = ['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login'] as const;

type ListRequest = FastifyRequest<{ Querystring: { limit?: string; after?: unknown; q?: unknown; filter?: unknown; search?: unknown } }>;

/**
 * Which users a list shows: those meeting `filter` and `search` (DEPROVISIONED ones too, as in
 * Okta), or without either, every user but the DEPROVISIONED (Okta lists them only when asked);
 * narrowed by `q`. Okta's behaviour when several are given is not known: Latchkey applies them all.
 */
function conditionOf(given: { q?: string; filter?: string; search?: string }): UserCondition {
  const parts: UserCondition[] = [];
  if (given.filter !== undefined) parts.push(parseUserExpression(given.filter, 'filter'));
  if (given.search !== undefined) parts.push(parseUserExpression(given.search, 'search'));
  if (parts.length === 0) parts.push({ not: { field: 'status', op: 'eq', value: 'DEPROVISIONED' } });
  if (given.q !== undefined) parts.push({ any: Q_FIELDS.map((field) => ({ field, op: 'sw' as const, value: given.q! })) });
  return { all: parts };
}

/**
 * Okta's List Users (`GET /api/v1/users?q=&filter=&search=&limit=&after=`): users in the order they
 * were made, a page of `limit` (1–200, default 200) after the user `after`, with Okta's `Link`
 * headers (`rel="self"`, and `rel="next"` after a full page) that okta-sdk-nodejs's collections follow.
 */
export async function userListRoute(app: FastifyInstance, { store, baseUrl }: { store: Store; baseUrl: string }): Promise<void> {
  app.get('/api/v1/users', async (request: ListRequest, reply) => {
    const limit = pageLimit(request.query.limit, MAX_LIMIT, MAX_LIMIT);
    const after = once(request.query.after, 'after');
    const given = { q: once(request.query.q, 'q'), filter: once(request.query.filter, 'filter'), search: once(request.query.search, 'search') };
    const users = await store.users.page({ limit, after, where: conditionOf(given) });
    const self = new URL(`${baseUrl}/api/v1/users`);
    for (const [name, value] of Object.entries(given)) if (value !== undefined) self.searchParams.set(name, value);
    paginationLinks(reply, self.href, { limit, items: users });
    return users.map((u) => userResource(u, baseUrl));
  });
}
