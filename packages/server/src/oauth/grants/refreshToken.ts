import type { App } from '../../store/repositories/apps.js';
import type { RefreshToken } from '../../store/repositories/tokens.js';
import { hashSecret } from '../../platform/crypto.js';
import { Describe, OAuthError } from '../errors.js';
import type { OAuthDeps } from '../deps.js';
import { parseScopes, required, type Params } from '../params.js';
import type { ServerContext } from '../serverContext.js';
import type { TokenResponse } from '../tokens/issuer.js';
import { authorizeGrant } from './grantPolicy.js';
import { loadSubject } from './subject.js';

const invalid = () => new OAuthError('invalid_grant', Describe.invalidRefreshToken);

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): each use returns a new refresh token. A rotated
 * token presented again after the app's leeway means it leaked: the whole family is revoked.
 */
export async function refreshTokenGrant(deps: OAuthDeps, ctx: ServerContext, app: App, params: Params): Promise<TokenResponse> {
  const { store, clock } = deps;
  const now = clock.now();
  const tokenHash = hashSecret(required(params, 'refresh_token'));
  const token = await store.tokens.findRefreshToken(tokenHash);
  if (!token || token.clientId !== app.clientId || token.serverId !== ctx.server.id) throw invalid();
  const family = await store.tokens.findFamily(token.familyId);
  if (!family || family.revokedAt !== null || token.revokedAt !== null) throw invalid();
  if ((token.expiresAt !== null && token.expiresAt <= now) || (token.idleExpiresAt !== null && token.idleExpiresAt <= now)) throw invalid();

  const rotate = app.settings.refreshTokenRotation === 'ROTATE';
  if (rotate && !(await claimRotation(deps, app, token, now))) {
    await store.tokens.revokeFamily(token.familyId, 'refresh_token_reuse', now);
    throw invalid();
  }

  const requested = parseScopes(params.scope);
  if (requested.some((s) => !token.scopes.includes(s))) {
    throw new OAuthError('invalid_scope', 'The requested scopes are not a subset of the scopes of the original grant.');
  }
  const scopes = requested.length > 0 ? requested : token.scopes;
  const subject = await loadSubject(store, token.userId!, token.authTime ?? token.issuedAt, token.amr, Describe.invalidRefreshToken);
  // Policy is evaluated again: a user removed from the rule's groups stops getting tokens.
  const rule = authorizeGrant(ctx, { clientId: app.clientId, grantType: family.grantType ?? 'authorization_code', scopes, user: { id: subject.user.id, groups: subject.groups } });
  const issued = await deps.tokens.issue({
    ctx, app, rule, scopes, grantScopes: token.scopes, grantType: 'refresh_token', subject, familyId: token.familyId, refreshExpiresAt: token.expiresAt, keepRefreshToken: !rotate,
  });
  if (!rotate) {
    await store.tokens.touchRefreshToken(tokenHash, now + rule.refreshTokenWindowMinutes * 60_000);
    return { ...issued.body, refresh_token: params.refresh_token };
  }
  return issued.body;
}

/** True when this use may rotate the token: its first use, or a retry within the leeway after it. */
async function claimRotation(deps: OAuthDeps, app: App, token: RefreshToken, now: number): Promise<boolean> {
  if (token.rotatedAt === null && (await deps.store.tokens.markRotated(token.tokenHash, now))) return true;
  const rotatedAt = token.rotatedAt ?? (await deps.store.tokens.findRefreshToken(token.tokenHash))?.rotatedAt ?? now;
  return now - rotatedAt <= app.settings.refreshTokenLeewaySeconds * 1000;
}
