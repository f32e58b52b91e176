import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formBody from '@fastify/formbody';
import { notFound } from '../http/apiError.js';
import type { OAuthDeps } from './deps.js';
import { authorizationServerMetadata } from './discovery.js';
import { customServerContext, orgServerContext, type ServerContext } from './serverContext.js';
import { tokenAction } from './actions/token.js';
import { introspectAction } from './actions/introspect.js';
import { revokeAction } from './actions/revoke.js';
import { userinfoAction } from './actions/userinfo.js';
import { interactAction } from './actions/interact.js';

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
  for (const prefix of ['', '/oauth2/:serverId']) {
    const v1 = prefix === '' ? '/oauth2/v1' : `${prefix}/v1`;
    app.get(`${prefix}/.well-known/openid-configuration`, { config }, async (req: Req) => authorizationServerMetadata(await resolve(req), true));
    app.get(`${prefix}/.well-known/oauth-authorization-server`, { config }, async (req: Req) => authorizationServerMetadata(await resolve(req), false));
    app.get(`${v1}/keys`, { config }, async (req: Req, reply) => {
      const ctx = await resolve(req);
      reply.header('Cache-Control', 'max-age=300, must-revalidate');
      return { keys: await deps.keys.published(ctx.server.id) };
    });
    app.post(`${v1}/token`, { config }, async (req: Req, reply) => {
      const ctx = await resolve(req);
      noStore(reply);
      return tokenAction(deps, ctx, req.body, req.headers.authorization);
    });
    app.post(`${v1}/interact`, { config }, async (req: Req, reply) => {
      const ctx = await resolve(req);
      noStore(reply);
      return interactAction(deps, ctx, req.body, req.headers.authorization);
    });
    app.post(`${v1}/introspect`, { config }, async (req: Req, reply) => {
      const ctx = await resolve(req);
      noStore(reply);
      return introspectAction(deps, ctx, req.body, req.headers.authorization);
    });
    app.post(`${v1}/revoke`, { config }, async (req: Req, reply) => {
      await revokeAction(deps, await resolve(req), req.body, req.headers.authorization);
      noStore(reply).code(200).send();
    });
    const userinfo = async (req: Req, reply: FastifyReply) => {
      const ctx = await resolve(req);
      noStore(reply);
      return userinfoAction(deps, ctx, req.headers.authorization);
    };
    app.get(`${v1}/userinfo`, { config }, userinfo);
    app.post(`${v1}/userinfo`, { config }, userinfo);
  }
}
