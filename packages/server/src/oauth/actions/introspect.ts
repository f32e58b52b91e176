import { hashSecret } from '../../platform/crypto.js';
import { toEpochSeconds } from '../../platform/clock.js';
import { authenticateClient, type ClientCredentials } from '../clientAuth.js';
import type { OAuthDeps } from '../deps.js';
import { endpoints } from '../endpoints.js';
import { readParams, required } from '../params.js';
import type { ServerContext } from '../serverContext.js';
import { isUsable } from '../tokens/refreshTokenLife.js';
import { verifyAccessToken } from '../tokens/verifyAccessToken.js';

const INACTIVE = { active: false } as const;

/**
 * POST {server}/v1/introspect (RFC 7662). Any authenticated client of the org may introspect an
 * access token (resource servers do); a refresh token only by the client it was issued to.
 */
export async function introspectAction(deps: OAuthDeps, ctx: ServerContext, body: unknown, client: ClientCredentials): Promise<Record<string, unknown>> {
  const params = readParams(body);
  const app = await authenticateClient(deps, { params, ...client, audiences: [endpoints(ctx).introspection, ctx.issuer] });
  const token = required(params, 'token');
  const order = params.token_type_hint === 'refresh_token' ? [refresh, access] : [access, refresh];
  for (const lookup of order) {
    const result = await lookup(deps, ctx, token, app.clientId);
    if (result) return result;
  }
  return INACTIVE;
}

async function access(deps: OAuthDeps, ctx: ServerContext, token: string) {
  const payload = await verifyAccessToken(deps, ctx, token);
  if (!payload) return undefined;
  const { scp, cid, uid, sub, ver: _ver, ...rest } = payload as Record<string, unknown>;
  return {
    active: true,
    scope: Array.isArray(scp) ? scp.join(' ') : undefined,
    username: sub,
    ...rest,
    sub,
    token_type: 'Bearer',
    client_id: cid,
    ...(uid !== undefined && { uid }),
  };
}

async function refresh(deps: OAuthDeps, ctx: ServerContext, token: string, clientId: string) {
  const now = deps.clock.now();
  const rt = await deps.store.tokens.findRefreshToken(hashSecret(token));
  if (!rt || rt.clientId !== clientId || rt.serverId !== ctx.server.id || !isUsable(rt, now)) return undefined;
  if (await deps.store.tokens.isFamilyRevoked(rt.familyId)) return undefined;
  const user = rt.userId ? await deps.store.users.findById(rt.userId) : undefined;
  const expiry = [rt.expiresAt, rt.idleExpiresAt].filter((v): v is number => v !== null);
  return {
    active: true,
    scope: rt.scopes.join(' '),
    username: user?.login,
    ...(expiry.length > 0 && { exp: toEpochSeconds(Math.min(...expiry)) }),
    iat: toEpochSeconds(rt.issuedAt),
    sub: user?.login,
    aud: ctx.server.audiences.length === 1 ? ctx.server.audiences[0] : ctx.server.audiences,
    iss: ctx.issuer,
    jti: rt.id,
    token_type: 'Bearer',
    client_id: rt.clientId,
    ...(rt.userId && { uid: rt.userId }),
  };
}
