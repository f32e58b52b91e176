import type { App, GrantType } from '../../store/repositories/apps.js';
import { authenticateClient, type ClientCredentials } from '../clientAuth.js';
import type { OAuthDeps } from '../deps.js';
import { endpoints } from '../endpoints.js';
import { OAuthError } from '../errors.js';
import { readParams, required, type Params } from '../params.js';
import type { ServerContext } from '../serverContext.js';
import type { TokenResponse } from '../tokens/issuer.js';
import { authorizationCodeGrant } from '../grants/authorizationCode.js';
import { clientCredentialsGrant } from '../grants/clientCredentials.js';
import { refreshTokenGrant } from '../grants/refreshToken.js';
import { interactionCodeGrant } from '../grants/interactionCode.js';

type Grant = (deps: OAuthDeps, ctx: ServerContext, app: App, params: Params) => Promise<TokenResponse>;

/** One handler per grant type; a new grant is a new file and a line here. */
const GRANTS: Partial<Record<GrantType, Grant>> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
  interaction_code: interactionCodeGrant,
};

/** POST {server}/v1/token (RFC 6749 §3.2). */
export async function tokenAction(deps: OAuthDeps, ctx: ServerContext, body: unknown, client: ClientCredentials): Promise<TokenResponse> {
  const params = readParams(body);
  const grantType = required(params, 'grant_type') as GrantType;
  const grant = GRANTS[grantType];
  if (!grant) {
    throw new OAuthError('unsupported_grant_type', `The authorization grant type is not supported by the authorization server. Configured grant types: [${Object.keys(GRANTS).join(', ')}].`);
  }
  const e = endpoints(ctx);
  const app = await authenticateClient(deps, { params, ...client, audiences: [e.token, ctx.issuer] });
  if (!app.grantTypes.includes(grantType)) {
    throw new OAuthError('unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: [${app.grantTypes.join(', ')}].`);
  }
  return grant(deps, ctx, app, params);
}
