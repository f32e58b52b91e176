import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import type { User } from '../store/repositories/users.js';
import { notFound } from '../http/apiError.js';
import { applyLifecycle, type LifecycleOperation } from '../org/userLifecycle.js';
import { actorOf } from './apiTokenAuth.js';
import { userResource } from './userResource.js';

type UserRequest = FastifyRequest<{ Params: { userId: string } }>;

/**
 * Okta's Users API, for what the engine does: read a user (by id or login), deactivate, suspend,
 * unsuspend (`200 {}`; ending access ends the user's sessions and tokens). 404 E0000007 for an unknown user.
 */
export async function userRoutes(app: FastifyInstance, deps: { store: Store; clock: Clock; events: SecurityEventSink; baseUrl: string }): Promise<void> {
  const { store } = deps;
  async function userOf(request: UserRequest): Promise<User> {
    const { userId } = request.params;
    const user = (await store.users.findById(userId)) ?? (await store.users.findByLogin(userId));
    if (!user) throw notFound(userId, 'User');
    return user;
  }

  app.get('/api/v1/users/:userId', async (request: UserRequest) => userResource(await userOf(request), deps.baseUrl));
  for (const operation of ['deactivate', 'suspend', 'unsuspend'] satisfies LifecycleOperation[]) {
    app.post(`/api/v1/users/:userId/lifecycle/${operation}`, async (request: UserRequest) => {
      await applyLifecycle(deps, await userOf(request), operation, actorOf(request), deps.clock.now());
      return {};
    });
  }
}
