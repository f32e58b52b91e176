import type { App } from '../../store/repositories/apps.js';
import type { StoredRefreshToken } from '../../store/repositories/tokens.js';
import { hashSecret } from '../../platform/crypto.js';
import { Describe, OAuthError } from '../errors.js';
import type { OAuthDeps } from '../deps.js';
import { parseScopes, required, type Params } from '../params.js';
import type { ServerContext } from '../serverContext.js';
import type { TokenResponse } from '../tokens/issuer.js';
import { isUsable } from '../tokens/refreshTokenLife.js';
import { openSuccessor, sealSuccessor } from '../tokens/successorSealing.js';
import { authorizeGrant } from './grantPolicy.js';
import { loadSubject } from './subject.js';

const invalid = () => new OAuthError('invalid_grant', Describe.invalidRefreshToken);

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): each use returns a new refresh token. Within the
 * app's leeway a rotated token is answered its one successor again (a retry after a lost response),
 * so a family never has two live refresh tokens; presented after the leeway it has leaked: the whole
 * family is revoked.
 */
export async function refreshTokenGrant(deps: OAuthDeps, ctx: ServerContext, app: App, params: Params): Promise<TokenResponse> {
  const { store, clock } = deps;
  const now = clock.now();
  const tokenHash = hashSecret(required(params, 'refresh_token'));
  const token = await store.tokens.findRefreshToken(tokenHash);
  if (!token || token.clientId !== app.clientId || token.serverId !== ctx.server.id) throw invalid();
  const family = await store.tokens.findFamily(token.familyId);
  if (!family || family.revokedAt !== null || !isUsable(token, now)) throw invalid();
  const rotate = app.settings.refreshTokenRotation === 'ROTATE';
  if (rotate && token.rotatedAt !== null && !withinLeeway(app, token.rotatedAt, now)) throw await reused(deps, app, token, now);

  // Checked before the token is rotated: a refused request leaves it as it was.
  const requested = parseScopes(params.scope);
  if (requested.some((s) => !token.scopes.includes(s))) {
    throw new OAuthError('invalid_scope', 'The requested scopes are not a subset of the scopes of the original grant.');
  }
  const scopes = requested.length > 0 ? requested : token.scopes;
  const subject = await loadSubject(store, token.userId!, token.authTime ?? token.issuedAt, token.amr, Describe.invalidRefreshToken);
  // Policy is evaluated again: a user removed from the rule's groups stops getting tokens.
  const rule = authorizeGrant(ctx, { clientId: app.clientId, grantType: family.grantType ?? 'authorization_code', scopes, user: { id: subject.user.id, groups: subject.groups } });
  const issue = (keepRefreshToken: boolean) => deps.tokens.issue({
    ctx, app, rule, scopes, grantScopes: token.scopes, grantType: 'refresh_token', subject, familyId: token.familyId, refreshExpiresAt: token.expiresAt, keepRefreshToken,
  });

  if (!rotate) {
    const issued = await issue(true);
    await store.tokens.touchRefreshToken(tokenHash, now + rule.refreshTokenWindowMinutes * 60_000);
    return { ...issued.body, refresh_token: params.refresh_token };
  }
  if (token.rotatedAt === null && (await store.tokens.markRotated(tokenHash, now))) {
    const { body } = await issue(false);
    const leewayMs = app.settings.refreshTokenLeewaySeconds * 1000;
    if (body.refresh_token && leewayMs > 0) {
      await store.tokens.recordSuccessor(tokenHash, sealSuccessor(deps.successorSeal, body.refresh_token, tokenHash), now + leewayMs);
    }
    return body;
  }
  // Rotated before, or just now by a concurrent request: read again to see its successor.
  const rotated = token.rotatedAt !== null ? token : await store.tokens.findRefreshToken(tokenHash);
  const successor = await liveSuccessor(deps, app, rotated, now);
  return { ...(await issue(true)).body, refresh_token: successor };
}

const withinLeeway = (app: App, rotatedAt: number, now: number) => now - rotatedAt <= app.settings.refreshTokenLeewaySeconds * 1000;

/**
 * A retry of a rotated token within the leeway: the successor it was answered, while that is still
 * live. Refused when it is no longer (rotated, revoked, expired) or not yet recorded (a concurrent
 * first use is still issuing it).
 */
async function liveSuccessor(deps: OAuthDeps, app: App, rotated: StoredRefreshToken | undefined, now: number): Promise<string> {
  if (!rotated || rotated.rotatedAt === null || !isUsable(rotated, now)) throw invalid();
  if (!withinLeeway(app, rotated.rotatedAt, now)) throw await reused(deps, app, rotated, now);
  const successor = rotated.successor && openSuccessor(deps.successorSeal, rotated.successor, rotated.tokenHash);
  if (!successor) throw invalid();
  const next = await deps.store.tokens.findRefreshToken(hashSecret(successor));
  if (!next || next.rotatedAt !== null || !isUsable(next, now)) throw invalid();
  return successor;
}

/** A rotated token came back after its leeway: it leaked. Its family is revoked and the reuse logged. */
async function reused(deps: OAuthDeps, app: App, token: StoredRefreshToken, now: number): Promise<OAuthError> {
  await deps.store.tokens.revokeFamily(token.familyId, 'refresh_token_reuse', now);
  deps.events.record({
    eventType: 'app.oauth2.as.token.detect_reuse',
    outcome: { result: 'DENY', reason: 'A rotated refresh token was used after its leeway; its token family is revoked.' },
    actor: { id: app.clientId, type: 'PublicClientApp', alternateId: app.label },
    target: [...(token.userId ? [{ id: token.userId, type: 'User' }] : []), { id: token.id, type: 'RefreshToken' }],
  });
  return invalid();
}
