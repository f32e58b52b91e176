import { hashSecret } from '../../platform/crypto.js';
import { authenticateClient, type ClientCredentials } from '../clientAuth.js';
import type { OAuthDeps } from '../deps.js';
import { endpoints } from '../endpoints.js';
import { readParams, required } from '../params.js';
import type { ServerContext } from '../serverContext.js';
import { verifyAccessToken } from '../tokens/verifyAccessToken.js';

/**
 * POST {server}/v1/revoke (RFC 7009). Revoking a refresh token revokes its whole grant (access
 * tokens included, §2.1). Unknown tokens and tokens of other clients are answered 200 and left alone,
 * so the endpoint tells nothing about tokens the caller does not own.
 */
export async function revokeAction(deps: OAuthDeps, ctx: ServerContext, body: unknown, client: ClientCredentials): Promise<void> {
  const params = readParams(body);
  const app = await authenticateClient(deps, { params, ...client, audiences: [endpoints(ctx).revocation, ctx.issuer] });
  const token = required(params, 'token');
  const now = deps.clock.now();

  const rt = await deps.store.tokens.findRefreshToken(hashSecret(token));
  if (rt) {
    if (rt.clientId === app.clientId && rt.serverId === ctx.server.id) await deps.store.tokens.revokeFamily(rt.familyId, 'revoked', now);
    return;
  }
  const payload = await verifyAccessToken(deps, ctx, token);
  if (payload && payload.cid === app.clientId) await deps.store.tokens.revokeAccessToken(String(payload.jti), (payload.exp ?? 0) * 1000);
}
