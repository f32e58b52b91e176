import { oauthUrl, type TokenResponse } from './oauth.js';
import { WidgetError } from './http.js';

export type Claims = Record<string, unknown>;

/** The payload of a JWT, undecoded signature and all: the server that issued it is the one we just talked to. */
function decodeClaims(jwt: string): Claims {
  const payload = jwt.split('.')[1];
  if (!payload) return {};
  try {
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    return {};
  }
}

/** okta-auth-js's token shapes, so apps can hand them to `tokenManager.setTokens()` or `handleLoginRedirect()`. */
export interface Tokens {
  accessToken: { accessToken: string; claims: Claims; expiresAt: number; tokenType: string; scopes: string[]; authorizeUrl: string; userinfoUrl: string };
  idToken?: { idToken: string; claims: Claims; expiresAt: number; scopes: string[]; issuer: string; clientId: string; authorizeUrl: string };
  refreshToken?: { refreshToken: string; expiresAt: number; scopes: string[]; tokenUrl: string; authorizeUrl: string; issuer: string };
}

/**
 * Shapes a token answer. The ID token's nonce must be the one this sign-in sent: an ID token
 * minted for another interaction is refused.
 */
export function toTokens(answer: TokenResponse, o: { issuer: string; clientId: string; scopes: string[]; nonce?: string }): Tokens {
  const expiresAt = Math.floor(Date.now() / 1000) + Number(answer.expires_in);
  const scopes = answer.scope ? answer.scope.split(' ') : o.scopes;
  const authorizeUrl = oauthUrl(o.issuer, 'authorize');
  const tokens: Tokens = {
    accessToken: {
      accessToken: answer.access_token, claims: decodeClaims(answer.access_token), expiresAt, tokenType: answer.token_type, scopes,
      authorizeUrl, userinfoUrl: oauthUrl(o.issuer, 'userinfo'),
    },
  };
  if (answer.id_token) {
    const claims = decodeClaims(answer.id_token);
    if (o.nonce && claims.nonce !== undefined && claims.nonce !== o.nonce) throw new WidgetError('The ID token does not belong to this sign-in (nonce mismatch).', { key: 'error.oauth.idToken' });
    tokens.idToken = { idToken: answer.id_token, claims, expiresAt: Number(claims.exp ?? expiresAt), scopes, issuer: o.issuer, clientId: o.clientId, authorizeUrl };
  }
  if (answer.refresh_token) {
    tokens.refreshToken = { refreshToken: answer.refresh_token, expiresAt, scopes, tokenUrl: oauthUrl(o.issuer, 'token'), authorizeUrl, issuer: o.issuer };
  }
  return tokens;
}
