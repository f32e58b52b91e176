import type { FastifyReply, FastifyRequest } from 'fastify';
import { rateLimit } from '../http/rateLimit.js';
import type { RateLimiter } from '../platform/rateLimiter.js';
import type { ManagementEndpointGroup } from '../config/managementRateLimits.js';
import { currentApiToken } from './apiTokenAuth.js';

/** One user's own path, `/api/v1/users/:id` (not what lies below it: lifecycle, sessions). */
const ONE_USER = /^\/api\/v1\/users\/:[^/]+$/;

/**
 * The Okta endpoint group of a request, by its method and route pattern (so every user's path is one
 * route). A path Okta lists alone counts only there; anything else under /api/v1 is in `other`.
 */
export function endpointGroupOf(method: string, route: string | undefined): ManagementEndpointGroup {
  if (route === '/api/v1/users') return 'users';
  if (route !== undefined && ONE_USER.test(route)) return method === 'GET' ? 'user' : 'user-updates';
  if (route === '/api/v1/sessions' || route?.startsWith('/api/v1/sessions/')) return 'sessions';
  return 'other';
}

export interface ManagementRateLimits {
  perToken: Record<ManagementEndpointGroup, number>;
  windowMs: number;
}

/**
 * The management API's limits, as Okta's: each API token's requests are counted per endpoint group
 * in a fixed window (one store statement per request), every answer says where the count stands in
 * X-Rate-Limit-*, and one over the limit is 429 E0000047. Runs after requireApiToken. The headers
 * give the token's own limit: which one Okta's give when a token's share binds is not documented.
 */
export function managementRateLimit(limiter: RateLimiter, { perToken, windowMs }: ManagementRateLimits) {
  const perGroup = new Map(Object.entries(perToken).map(([group, max]) =>
    [group, rateLimit(limiter, { name: `management-${group}`, max, windowMs, key: (request) => currentApiToken(request).id })]));
  return (request: FastifyRequest, reply: FastifyReply): Promise<void> =>
    perGroup.get(endpointGroupOf(request.method, request.routeOptions.url))!(request, reply);
}
