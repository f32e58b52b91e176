import type { FastifyInstance } from 'fastify';
import { ApiError, required } from '../http/apiError.js';
import { SESSION_COOKIE, sessionCookie } from '../http/cookies.js';
import type { SignInEngine } from '../engine/engine.js';
import type { Store } from '../store/store.js';
import { bodyOf, str } from '../http/requestBody.js';
import { managedSessionResource } from './managedSessionResource.js';

const invalidSession = () => new ApiError(403, 'E0000005', 'Invalid session');

/**
 * Okta's Create Session with a session token (`POST /api/v1/sessions` `{ sessionToken }`, an API
 * token's call, as in Okta: the management scope asks it): the
 * one-time token becomes a new session, answered as the session resource, with the session cookie
 * to set (Latchkey's session id is not the cookie, so the cookie itself is what an app forwards).
 */
export async function createSessionRoute(app: FastifyInstance, { engine, store, baseUrl }: { engine: SignInEngine; store: Store; baseUrl: string }): Promise<void> {
  const secure = baseUrl.startsWith('https:');

  app.post('/api/v1/sessions', async (request, reply) => {
    const token = str(bodyOf(request).sessionToken);
    if (!token) throw required('sessionToken', 'createSessionRequest');
    // No browser session is looked at: this makes a new one whoever calls.
    const cookie = (await engine.sessionFromToken(token, { ip: request.ip }))?.cookie;
    const session = cookie && (await engine.session(cookie.token));
    const user = session && (await store.users.findById(session.userId));
    if (!cookie || !session || !user) throw invalidSession();
    return reply.header('Cache-Control', 'no-store')
      .header('Set-Cookie', sessionCookie(SESSION_COOKIE, cookie.token, { secure, expiresAt: cookie.expiresAt }))
      .send(managedSessionResource(session, user, await store.authenticatorEnrollments.listOf(user.id), baseUrl));
  });
}
