import type { FastifyInstance, FastifyRequest } from 'fastify';
import { flag } from '../http/queryParameters.js';
import { applyLifecycle, type LifecycleOperation } from '../org/userLifecycle.js';
import { activateUser, reactivateUser } from '../org/userActivation.js';
import type { UserAdminDeps } from '../org/userAdmin.js';
import { actorOf } from './apiTokenAuth.js';
import { userResource } from './userResource.js';
import { userNamed } from './userLookup.js';

type UserRequest = FastifyRequest<{ Params: { userId: string }; Querystring: { sendEmail?: unknown } }>;

/**
 * Okta's Users API, reading and lifecycle: read a user (by id or login); deactivate, suspend,
 * unsuspend, unlock (`200 {}`; ending access ends the user's sessions and tokens); expire_password
 * (the user); activate (`sendEmail`, default true) and reactivate (default false): `{}`, or with
 * `sendEmail=false` the activation link `{ activationUrl, activationToken }`. 404 E0000007 for an unknown user.
 */
export async function userRoutes(app: FastifyInstance, deps: UserAdminDeps): Promise<void> {
  const userOf = (request: UserRequest) => userNamed(deps.store, request.params.userId);

  app.get('/api/v1/users/:userId', async (request: UserRequest) => userResource(await userOf(request), deps.baseUrl));
  for (const operation of ['deactivate', 'suspend', 'unsuspend', 'unlock'] satisfies LifecycleOperation[]) {
    app.post(`/api/v1/users/:userId/lifecycle/${operation}`, async (request: UserRequest) => {
      await applyLifecycle(deps, await userOf(request), operation, actorOf(request), deps.clock.now());
      return {};
    });
  }
  app.post('/api/v1/users/:userId/lifecycle/expire_password', async (request: UserRequest) => {
    const user = await userOf(request);
    await applyLifecycle(deps, user, 'expire_password', actorOf(request), deps.clock.now());
    return userResource(await userNamed(deps.store, user.id), deps.baseUrl);
  });
  app.post('/api/v1/users/:userId/lifecycle/activate', async (request: UserRequest) =>
    (await activateUser(deps, await userOf(request), flag(request.query.sendEmail, 'sendEmail', true), actorOf(request))) ?? {});
  app.post('/api/v1/users/:userId/lifecycle/reactivate', async (request: UserRequest) =>
    (await reactivateUser(deps, await userOf(request), flag(request.query.sendEmail, 'sendEmail', false), actorOf(request))) ?? {});
}
