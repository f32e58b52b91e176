import type { OAuthDeps } from '../deps.js';
import { OAuthError } from '../errors.js';
import type { ServerContext } from '../serverContext.js';
import { standardClaims } from '../tokens/userClaims.js';
import { verifyAccessToken } from '../tokens/verifyAccessToken.js';

/** GET|POST {server}/v1/userinfo (OIDC Core §5.3), with a Bearer access token (RFC 6750). */
export async function userinfoAction(deps: OAuthDeps, ctx: ServerContext, authorization: string | undefined): Promise<Record<string, unknown>> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new OAuthError('invalid_token', 'The access token is missing.');
  const payload = await verifyAccessToken(deps, ctx, match[1]);
  if (!payload || typeof payload.uid !== 'string') throw new OAuthError('invalid_token', 'The access token is invalid.');
  const scopes = Array.isArray(payload.scp) ? (payload.scp as string[]) : [];
  if (!scopes.includes('openid')) throw new OAuthError('insufficient_scope', 'The access token must provide access to at least one of these scopes - openid.');
  const user = await deps.store.users.findById(payload.uid);
  if (!user || user.status === 'DEPROVISIONED' || user.status === 'SUSPENDED') throw new OAuthError('invalid_token', 'The access token is invalid.');
  return standardClaims(user, scopes);
}
