import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SignInEngine } from '../engine/engine.js';
import type { Session } from '../store/repositories/sessions.js';
import type { Store } from '../store/store.js';
import { ApiError } from '../http/apiError.js';
import { DEVICE_COOKIE, readCookie, removedCookie, SESSION_COOKIE, sessionCookie } from '../http/cookies.js';
import { sendErrorPage } from '../http/errorPage.js';
import { sessionResource } from '../engine/sessionResource.js';
import { appRedirectedTo } from './redirectingApp.js';

const noSession = () => new ApiError(404, 'E0000007', 'Not found: Resource not found: me (Session)');

/**
 * The Classic session endpoints a browser app calls with the session cookie: the current session
 * (`/api/v1/sessions/me`: get, refresh, end, as okta-auth-js's session.get / exists / refresh /
 * closeSession do) and the trade of a one-time sessionToken for the cookie (`/login/sessionCookieRedirect`,
 * okta-auth-js's session.setCookieAndRedirect).
 */
export async function sessionRoutes(app: FastifyInstance, deps: { engine: SignInEngine; store: Store; baseUrl: string }): Promise<void> {
  const { engine, store, baseUrl } = deps;
  const secure = baseUrl.startsWith('https:');
  // okta-auth-js posts session refreshes as JSON with no body at all: nothing in them is read.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, _body, done) => done(null, {}));

  async function current(request: FastifyRequest): Promise<{ token: string; session: Session }> {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const session = token && (await engine.session(token));
    if (!token || !session) throw noSession();
    return { token, session };
  }

  async function show(reply: FastifyReply, session: Session) {
    const user = await store.users.findById(session.userId);
    if (!user) throw noSession();
    return reply.header('Cache-Control', 'no-store').send(sessionResource(session, user, await store.authenticatorEnrollments.listOf(user.id), baseUrl));
  }

  app.get('/api/v1/sessions/me', async (request, reply) => show(reply, (await current(request)).session));

  app.post('/api/v1/sessions/me/lifecycle/refresh', async (request, reply) => {
    const { token } = await current(request);
    const refreshed = await engine.refreshSession(token);
    if (!refreshed) throw noSession();
    return show(reply, refreshed);
  });

  app.delete('/api/v1/sessions/me', async (request, reply) => {
    const { token, session } = await current(request);
    await engine.signOut(token, session.userId, request.ip, readCookie(request.headers.cookie, DEVICE_COOKIE));
    return reply.header('Set-Cookie', removedCookie(SESSION_COOKIE, { secure })).code(204).send();
  });

  /** Only to the org itself or to an origin the org trusts for redirects: never an open redirect. */
  async function allowedRedirect(url: string | undefined): Promise<string | undefined> {
    let origin: string;
    try {
      origin = new URL(url ?? '').origin;
    } catch {
      return undefined;
    }
    if (origin === new URL(baseUrl).origin) return url;
    return (await store.trustedOrigins.findByOrigin(origin))?.scopes.includes('REDIRECT') ? url : undefined;
  }

  app.get('/login/sessionCookieRedirect', async (request: FastifyRequest<{ Querystring: { token?: string; redirectUrl?: string } }>, reply) => {
    const redirectUrl = await allowedRedirect(request.query.redirectUrl);
    if (!redirectUrl) return sendErrorPage(reply, 400, 'invalid_request', 'The redirect URL is not one this organization trusts.');
    const context = { ip: request.ip, sessionToken: readCookie(request.headers.cookie, SESSION_COOKIE) };
    const traded = await engine.sessionFromToken(request.query.token ?? '', context, await appRedirectedTo(store, redirectUrl));
    if (!traded) return sendErrorPage(reply, 401, 'invalid_token', 'This sign-in link has expired or was already used. Sign in again.');
    if (traded.cookie) reply.header('Set-Cookie', sessionCookie(SESSION_COOKIE, traded.cookie.token, { secure, expiresAt: traded.cookie.expiresAt }));
    return reply.header('Cache-Control', 'no-store').redirect(redirectUrl, 302);
  });
}
