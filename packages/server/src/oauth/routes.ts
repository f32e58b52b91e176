import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formBody from '@fastify/formbody';
import { notFound } from '../http/apiError.js';
import { JWKS_MAX_AGE_SECONDS } from '../org/keys.js';
import type { OAuthDeps } from './deps.js';
import { authorizationServerMetadata } from './discovery.js';
import { customServerContext, orgServerContext, type ServerContext } from './serverContext.js';
import { tokenAction } from './actions/token.js';
import { introspectAction } from './actions/introspect.js';
import { revokeAction } from './actions/revoke.js';
import { userinfoAction } from './actions/userinfo.js';
import { interactAction } from './actions/interact.js';
import { authorizeAction } from './actions/authorize.js';
import { logoutAction } from './actions/logout.js';
import { finishRedirectAction } from './actions/finishRedirect.js';
import { sendMessagePage } from '../http/messagePage.js';
import { sendAuthorizationResponse } from './responseMode.js';
import { DEVICE_COOKIE, readCookie, removedCookie, SESSION_COOKIE, sessionCookie } from '../http/cookies.js';
import { sendErrorPage } from '../http/errorPage.js';
import { RateLimiter } from '../platform/rateLimiter.js';
import { OAuthLimits } from './limits.js';
import { CLASSIC_REDIRECT_PATH, REDIRECT_PATH } from '../engine/redirectPaths.js';

type Req = FastifyRequest<{ Params: { serverId?: string } }>;

/** Responses that carry tokens or token facts must not be cached (RFC 6749 §5.1). */
const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');

/**
 * The OAuth 2.0 / OIDC surface at Okta's paths: the org server under /oauth2/v1 (issuer = base URL)
 * and each custom server under /oauth2/{id}/v1 (issuer = base URL + /oauth2/{id}).
 */
export async function oauthRoutes(app: FastifyInstance, deps: OAuthDeps): Promise<void> {
  // Only form bodies are accepted here: any other content type is an invalid_request.
  app.removeAllContentTypeParsers();
  await app.register(formBody);

  const orgContext = orgServerContext(deps.baseUrl);
  async function resolve(request: Req): Promise<ServerContext> {
    const id = request.params.serverId;
    if (id === undefined) return orgContext;
    const server = await deps.config.server(id);
    if (!server || server.status !== 'ACTIVE') throw notFound(id, 'AuthorizationServer');
    return customServerContext(deps.baseUrl, server);
  }

  const config = { surface: 'oauth' as const };
  const pageConfig = { ...config, page: true };
  const secure = deps.baseUrl.startsWith('https:');
  const limits = new OAuthLimits(new RateLimiter(deps.store, deps.clock));
  const client = (req: FastifyRequest) => ({ authorization: req.headers.authorization, guard: limits.clientAuth(req.ip) });

  for (const prefix of ['', '/oauth2/:serverId']) {
    const v1 = prefix === '' ? '/oauth2/v1' : `${prefix}/v1`;
    app.get(`${prefix}/.well-known/openid-configuration`, { config }, async (req: Req) => authorizationServerMetadata(await resolve(req), true));
    app.get(`${prefix}/.well-known/oauth-authorization-server`, { config }, async (req: Req) => authorizationServerMetadata(await resolve(req), false));
    app.get(`${v1}/keys`, { config, preHandler: limits.keys }, async (req: Req, reply) => {
      const ctx = await resolve(req);
      reply.header('Cache-Control', `max-age=${JWKS_MAX_AGE_SECONDS}, must-revalidate`);
      return { keys: await deps.keys.published(ctx.server.id) };
    });
    app.post(`${v1}/token`, { config }, async (req: Req, reply) => {
      const ctx = await resolve(req);
      noStore(reply);
      return tokenAction(deps, ctx, req.body, client(req));
    });
    app.post(`${v1}/interact`, { config, preHandler: limits.interact }, async (req: Req, reply) => {
      const ctx = await resolve(req);
      noStore(reply);
      return interactAction(deps, ctx, req.body, client(req));
    });
    app.post(`${v1}/introspect`, { config }, async (req: Req, reply) => {
      const ctx = await resolve(req);
      noStore(reply);
      return introspectAction(deps, ctx, req.body, client(req));
    });
    app.post(`${v1}/revoke`, { config }, async (req: Req, reply) => {
      await revokeAction(deps, await resolve(req), req.body, client(req));
      noStore(reply).code(200).send();
    });
    const userinfo = async (req: Req, reply: FastifyReply) => {
      const ctx = await resolve(req);
      noStore(reply);
      return userinfoAction(deps, ctx, req.headers.authorization);
    };
    app.get(`${v1}/userinfo`, { config }, userinfo);
    app.post(`${v1}/userinfo`, { config }, userinfo);

    // A page: too many requests is shown there with status 429, never redirected to a URI the request names.
    app.get<{ Params: { serverId?: string } }>(`${v1}/authorize`, { config: pageConfig, preHandler: limits.authorize }, async (req: Req, reply) => {
      const outcome = await authorizeAction(deps, await resolve(req), req.query, { ip: req.ip, sessionToken: readCookie(req.headers.cookie, SESSION_COOKIE) });
      if ((outcome.kind === 'continue' || outcome.kind === 'sign-in') && outcome.sessionCookie) {
        reply.header('Set-Cookie', sessionCookie(SESSION_COOKIE, outcome.sessionCookie.token, { secure, expiresAt: outcome.sessionCookie.expiresAt }));
      }
      switch (outcome.kind) {
        case 'error-page': return sendErrorPage(reply, 400, outcome.error, outcome.description);
        case 'respond': return sendAuthorizationResponse(reply, outcome);
        case 'continue':
          return reply.header('Cache-Control', 'no-store').redirect(outcome.location, 302);
        case 'sign-in': {
          // A Classic sign-in begun again on the page ("Back to sign in") ends with a sessionToken only: as on
          // Okta's page, the session is set on the way back to this /authorize, which then answers the app.
          const fromURI = outcome.classic ? `${deps.baseUrl}${req.url}` : undefined;
          return deps.signInPage(reply, { stateToken: outcome.stateToken, classic: outcome.classic, fromURI, username: outcome.username });
        }
      }
    });

    app.get(`${v1}/logout`, { config }, async (req: Req, reply) => {
      const outcome = await logoutAction(deps, await resolve(req), req.query);
      if (outcome.kind === 'error-page') return sendErrorPage(reply, 400, 'invalid_request', outcome.description);
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (token && (await deps.signIn.signOut(token, outcome.userId, req.ip, readCookie(req.headers.cookie, DEVICE_COOKIE)))) reply.header('Set-Cookie', removedCookie(SESSION_COOKIE, { secure }));
      if (outcome.redirectTo) return reply.header('Cache-Control', 'no-store').redirect(outcome.redirectTo, 302);
      return sendMessagePage(reply, { status: 200, title: 'Signed out', text: 'You have been signed out.', role: 'status' });
    });
  }

  // The redirect flow's last step (see finishRedirectAction), after the IDX sign-in and after the Classic one.
  for (const path of [REDIRECT_PATH, CLASSIC_REDIRECT_PATH]) {
    app.get(path, { config }, async (req: FastifyRequest<{ Querystring: { stateToken?: string } }>, reply) => {
      const outcome = await finishRedirectAction(deps, req.query.stateToken ?? '', { ip: req.ip, sessionToken: readCookie(req.headers.cookie, SESSION_COOKIE) });
      if (outcome.kind === 'error-page') return sendErrorPage(reply, 400, outcome.error, outcome.description);
      if (outcome.sessionCookie) reply.header('Set-Cookie', sessionCookie(SESSION_COOKIE, outcome.sessionCookie.token, { secure, expiresAt: outcome.sessionCookie.expiresAt }));
      return sendAuthorizationResponse(reply, outcome);
    });
  }
}
