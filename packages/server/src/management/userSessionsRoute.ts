import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import { notFound } from '../http/apiError.js';
import { flag } from '../http/queryParameters.js';
import { clearUserSessions } from '../org/userSessions.js';
import { actorOf } from './apiTokenAuth.js';

type Request = FastifyRequest<{ Params: { userId: string }; Querystring: { oauthTokens?: string; forgetDevices?: string } }>;

/**
 * Okta's Clear User Sessions (`DELETE /api/v1/users/{userId}/sessions?oauthTokens=&forgetDevices=`):
 * every session of the user ends, with `oauthTokens=true` their OAuth tokens too (default false, as
 * in Okta); `forgetDevices` (default true) forgets the devices remembered for MFA. 204, or 404 E0000007.
 */
export async function userSessionsRoute(app: FastifyInstance, deps: { store: Store; clock: Clock; events: SecurityEventSink }): Promise<void> {
  app.delete('/api/v1/users/:userId/sessions', async (request: Request, reply) => {
    const ends = { oauthTokens: flag(request.query.oauthTokens, 'oauthTokens', false), forgetDevices: flag(request.query.forgetDevices, 'forgetDevices', true) };
    const user = await deps.store.users.findById(request.params.userId);
    if (!user) throw notFound(request.params.userId, 'User');
    await clearUserSessions(deps, user, ends, actorOf(request), deps.clock.now());
    return reply.code(204).send();
  });
}
