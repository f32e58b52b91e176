import type { App } from '../../store/repositories/apps.js';
import type { OAuthDeps } from '../deps.js';
import type { Params } from '../params.js';
import type { ServerContext } from '../serverContext.js';
import { redeemCode } from './authorizationCode.js';

/**
 * Okta's Interaction Code grant: the code an IDX sign-in ends with (`successWithInteractionCode`),
 * redeemed like an authorization code, PKCE bound to the /interact request.
 */
export const interactionCodeGrant = (deps: OAuthDeps, ctx: ServerContext, app: App, params: Params) =>
  redeemCode(deps, ctx, app, params, { grantType: 'interaction_code', param: 'interaction_code', invalid: 'The interaction code is invalid or has expired.' });
