import { evaluateAccessPolicy } from '../../policy/accessPolicy.js';
import { newSecret } from '../../platform/ids.js';
import { authenticateClient, type ClientCredentials } from '../clientAuth.js';
import type { OAuthDeps } from '../deps.js';
import { endpoints } from '../endpoints.js';
import { Describe, OAuthError } from '../errors.js';
import { parseScopes, readParams, required } from '../params.js';
import { CHALLENGE } from '../pkce.js';
import type { ServerContext } from '../serverContext.js';
import { authenticatorsForAmr, ENROLL_PROMPT } from '../../engine/credentialEnrollment.js';
import { FEATURE_NOT_ENABLED } from '../../org/classic/engineMode.js';
import { startInteraction } from '../interactionStart.js';

/**
 * POST {server}/v1/interact: starts an Interaction Code flow (Okta's IDX). Checks what /authorize
 * would check (client, redirect URI, PKCE, scopes) and that the app and the server's access policy
 * allow the interaction_code grant; answers the interaction handle the client introspects.
 */
export async function interactAction(deps: OAuthDeps, ctx: ServerContext, body: unknown, client: ClientCredentials): Promise<{ interaction_handle: string }> {
  const params = readParams(body);
  const app = await authenticateClient(deps, { params, ...client, audiences: [endpoints(ctx).interaction, ctx.issuer] });
  const redirectUri = required(params, 'redirect_uri');
  if (!app.redirectUris.includes(redirectUri)) {
    throw new OAuthError('invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings");
  }
  const codeChallenge = required(params, 'code_challenge');
  if ((params.code_challenge_method ?? 'S256') !== 'S256' || !CHALLENGE.test(codeChallenge)) {
    throw new OAuthError('invalid_request', "PKCE code challenge method must be S256 with a 43-character 'code_challenge'.");
  }
  const scopes = parseScopes(params.scope);
  if (scopes.length === 0) throw new OAuthError('invalid_scope', "The 'scope' parameter is required.");
  const known = new Set(ctx.server.scopes.map((s) => s.name));
  if (scopes.some((s) => !known.has(s))) throw new OAuthError('invalid_scope', Describe.unknownScopes);
  // The user is not known yet: the grant must be allowed to someone for this client and these scopes.
  const allowed = evaluateAccessPolicy(ctx.server, { clientId: app.clientId, grantType: 'interaction_code', scopes });
  // An app pinned to the Classic Engine is off IDX even with the grant.
  if (!app.grantTypes.includes('interaction_code') || app.settings.engine === 'classic' || !allowed.allowed) throw new OAuthError('access_denied', FEATURE_NOT_ENABLED);

  // prompt=enroll_authenticator: authenticate again, enroll what enroll_amr_values names, then the interaction code as usual.
  const enroll = params.prompt === ENROLL_PROMPT ? authenticatorsForAmr(params.enroll_amr_values) : undefined;
  if (enroll?.length === 0) throw new OAuthError('invalid_request', "The 'enroll_amr_values' parameter must name an authenticator that can be enrolled.");

  const request = {
    redirectUri, scopes, state: params.state ?? newSecret(16), codeChallenge, codeChallengeMethod: 'S256' as const, nonce: params.nonce ?? null,
    ...(enroll && { enroll: { authenticatorKeys: enroll } }),
  };
  // recovery_token (okta-auth-js's recoverPassword({ recoveryToken })), activation_token (its register({ activationToken })): used up here, once.
  const started = await startInteraction(deps.signIn, app.clientId, ctx.server.id, request, params);
  if ('invalid' in started) throw new OAuthError('invalid_request', started.invalid);
  return { interaction_handle: started.handle };
}
