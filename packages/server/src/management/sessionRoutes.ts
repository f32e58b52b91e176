import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SignInEngine } from '../engine/engine.js';
import type { Session } from '../store/repositories/sessions.js';
import type { Store } from '../store/store.js';
import { notFound } from '../http/apiError.js';
import { managedSessionResource } from './managedSessionResource.js';

type SessionRequest = FastifyRequest<{ Params: { sessionId: string } }>;

/**
 * Okta's Sessions API for an administrator (an API token's call): read, refresh and end any
 * session by its id. An ended, expired or unknown session is 404 E0000007 alike.
 */
export async function sessionRoutes(app: FastifyInstance, { engine, store, baseUrl }: { engine: SignInEngine; store: Store; baseUrl: string }): Promise<void> {
  async function live(request: SessionRequest): Promise<Session> {
    const session = await engine.sessionById(request.params.sessionId);
    if (!session) throw notFound(request.params.sessionId, 'Session');
    return session;
  }

  async function show(session: Session) {
    const user = await store.users.findById(session.userId);
    if (!user) throw notFound(session.userId, 'User');
    return managedSessionResource(session, user, await store.authenticatorEnrollments.listOf(user.id), baseUrl);
  }

  app.get('/api/v1/sessions/:sessionId', async (request: SessionRequest) => show(await live(request)));
  app.post('/api/v1/sessions/:sessionId/lifecycle/refresh', async (request: SessionRequest) => show(await engine.keepAlive(await live(request))));
  app.delete('/api/v1/sessions/:sessionId', async (request: SessionRequest, reply) => {
    await engine.endSession(await live(request), request.ip);
    return reply.code(204).send();
  });
}
