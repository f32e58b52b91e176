import { redeemInteractionCode } from './api/oauth.js';
import { toTokens, type Tokens } from './api/tokens.js';
import type { Settings } from './options.js';

/**
 * `widget.authClient` when the app gave none: the settings in use, and the one call an app that
 * keeps the PKCE verifier needs (exchanging the interaction code). Apps that want token storage
 * and renewal pass their own okta-auth-js instance as `authClient`.
 */
export interface MinimalAuthClient {
  options: { issuer: string; clientId?: string; redirectUri?: string; scopes: string[] };
  token: {
    exchangeCodeForTokens(p: { interactionCode: string; codeVerifier: string; redirectUri?: string }): Promise<{ tokens: Tokens }>;
  };
}

export function minimalAuthClient(s: Settings): MinimalAuthClient {
  return {
    options: { issuer: s.issuer, clientId: s.clientId, redirectUri: s.redirectUri, scopes: s.scopes },
    token: {
      async exchangeCodeForTokens({ interactionCode, codeVerifier, redirectUri }) {
        const answer = await redeemInteractionCode({ issuer: s.issuer, clientId: s.clientId!, redirectUri: redirectUri ?? s.redirectUri!, interactionCode, codeVerifier });
        return { tokens: toTokens(answer, { issuer: s.issuer, clientId: s.clientId!, scopes: s.scopes }) };
      },
    },
  };
}
