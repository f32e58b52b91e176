import type { App } from '../../store/repositories/apps.js';
import { OAuthError } from '../errors.js';
import type { OAuthDeps } from '../deps.js';
import { parseScopes, type Params } from '../params.js';
import type { ServerContext } from '../serverContext.js';
import type { TokenResponse } from '../tokens/issuer.js';
import { authorizeGrant } from './grantPolicy.js';

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'device_sso']);

/** RFC 6749 §4.4: a machine client gets an access token for itself; no user, no refresh token. */
export async function clientCredentialsGrant(deps: OAuthDeps, ctx: ServerContext, app: App, params: Params): Promise<TokenResponse> {
  let scopes = parseScopes(params.scope);
  if (scopes.some((s) => OIDC_SCOPES.has(s))) throw new OAuthError('invalid_scope', 'Client Credentials requests cannot contain OpenID scopes.');
  if (scopes.length === 0) {
    scopes = ctx.server.scopes.filter((s) => s.isDefault).map((s) => s.name);
    if (scopes.length === 0) {
      throw new OAuthError('invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
    }
  }
  const rule = authorizeGrant(ctx, { clientId: app.clientId, grantType: 'client_credentials', scopes });
  return (await deps.tokens.issue({ ctx, app, rule, scopes, grantType: 'client_credentials' })).body;
}
