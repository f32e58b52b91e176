import { compactVerify, createLocalJWKSet } from 'jose';
import type { OAuthDeps } from '../deps.js';
import { readParams, type Params } from '../params.js';
import type { ServerContext } from '../serverContext.js';
import { OAuthError } from '../errors.js';

/** What the browser is answered at /v1/logout. */
export type LogoutOutcome =
  | { kind: 'error-page'; description: string }
  /** Signed out; back to the app's registered post-logout URI (with its state), or a Latchkey page. */
  | { kind: 'signed-out'; userId: string; redirectTo?: string };

/**
 * The subject and client of an ID token this server signed. Expiry does not matter here: apps
 * sign out with the ID token they kept, often long after it expired (OIDC RP-Initiated Logout §2).
 */
async function idTokenFacts(deps: OAuthDeps, ctx: ServerContext, token: string): Promise<{ sub: string; clientId: string } | undefined> {
  try {
    const { payload } = await compactVerify(token, createLocalJWKSet({ keys: await deps.keys.published(ctx.server.id) }), { algorithms: ['RS256'] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as { iss?: unknown; sub?: unknown; aud?: unknown };
    const clientId = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    if (claims.iss !== ctx.issuer || typeof claims.sub !== 'string' || typeof clientId !== 'string') return undefined;
    return { sub: claims.sub, clientId };
  } catch {
    return undefined;
  }
}

/**
 * GET {server}/v1/logout (Okta's OIDC RP-initiated logout): `id_token_hint` names the user and the
 * app; `post_logout_redirect_uri`, when given, must be one the app registered, exactly. The caller
 * ends the browser's session for that user and sends it on.
 */
export async function logoutAction(deps: OAuthDeps, ctx: ServerContext, query: unknown): Promise<LogoutOutcome> {
  let params: Params;
  try {
    params = readParams(query);
  } catch (error) {
    if (error instanceof OAuthError) return { kind: 'error-page', description: error.description };
    throw error;
  }
  const facts = params.id_token_hint ? await idTokenFacts(deps, ctx, params.id_token_hint) : undefined;
  if (!facts) return { kind: 'error-page', description: "The 'id_token_hint' parameter must be an ID token this authorization server issued." };
  const target = params.post_logout_redirect_uri;
  if (target === undefined) return { kind: 'signed-out', userId: facts.sub };
  const app = await deps.config.app(facts.clientId);
  if (!app?.postLogoutRedirectUris.includes(target)) {
    return { kind: 'error-page', description: "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings." };
  }
  const url = new URL(target);
  if (params.state !== undefined) url.searchParams.set('state', params.state);
  return { kind: 'signed-out', userId: facts.sub, redirectTo: url.toString() };
}
