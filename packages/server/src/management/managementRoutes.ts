import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimiter } from '../platform/rateLimiter.js';
import { handleError } from '../http/errorHandler.js';
import { requireApiToken } from './apiTokenAuth.js';
import { managementRateLimit, type ManagementRateLimits } from './rateLimits.js';
import { asApiError } from './refusalErrors.js';
import { upgradeRoutes } from './upgradeRoutes.js';
import { apiTokenRoutes } from './apiTokenRoutes.js';
import { createSessionRoute } from './createSessionRoute.js';
import { sessionRoutes } from './sessionRoutes.js';
import { userSessionsRoute } from './userSessionsRoute.js';
import { userRoutes } from './userRoutes.js';
import { userListRoute } from './userListRoute.js';
import { userWriteRoutes } from './userWriteRoutes.js';
import { userTypeRoutes } from './userTypeRoutes.js';
import type { SignInEngine } from '../engine/engine.js';
import type { UserAdminDeps } from '../org/userAdmin.js';

export interface ManagementDeps extends UserAdminDeps {
  engine: SignInEngine;
  limiter: RateLimiter;
  rateLimits: ManagementRateLimits;
}

/**
 * The management API: every route in this scope needs `Authorization: SSWS <token>` (an API token,
 * `latchkey admin api-token create`) used from where the token's network condition allows, and counts
 * against the token's rate limits. Domain refusals become Okta errors here, then go the way of every
 * other error (http/errorHandler.ts).
 */
export async function managementRoutes(app: FastifyInstance, deps: ManagementDeps): Promise<void> {
  app.addHook('onRequest', requireApiToken(deps.store, deps.clock, () => deps.config.networkZones()));
  app.addHook('onRequest', managementRateLimit(deps.limiter, deps.rateLimits));
  // Okta takes a POST or DELETE with `Content-Type: application/json` and no body (lifecycle calls
  // are often sent so): an empty body is no body here; any other is parsed as Fastify does.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    return text === '' ? done(null, undefined) : json(request, text, done);
  });
  app.setErrorHandler(function (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
    handleError.call(this, asApiError(error), request, reply);
  });
  await upgradeRoutes(app, deps);
  await apiTokenRoutes(app, deps);
  await createSessionRoute(app, deps);
  await sessionRoutes(app, deps);
  await userSessionsRoute(app, deps);
  await userRoutes(app, deps);
  await userListRoute(app, deps);
  await userWriteRoutes(app, deps);
  await userTypeRoutes(app, deps);
}
