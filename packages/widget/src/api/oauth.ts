import { post, WidgetError } from './http.js';

/** OAuth endpoints live under the issuer when it names a server (`/oauth2/default`), under `/oauth2` for the org's. */
export const oauthUrl = (issuer: string, endpoint: string): string =>
  `${issuer.includes('/oauth2') ? issuer : `${issuer}/oauth2`}/v1/${endpoint}`;

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };

async function postForm(url: string, params: Record<string, string | undefined>): Promise<Record<string, unknown>> {
  const body = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  const answer = await post(url, body, FORM, false);
  if (answer.status >= 400 || !answer.responseJSON) throw WidgetError.fromAnswer(answer);
  return answer.responseJSON;
}

export interface InteractParams {
  issuer: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  nonce: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  /** Begins at the new password of a password reset (the emailed link's token). */
  recoveryToken?: string;
}

/** POST {issuer}/v1/interact: starts an interaction, answers its handle. */
export async function interact(p: InteractParams): Promise<string> {
  const answer = await postForm(oauthUrl(p.issuer, 'interact'), {
    client_id: p.clientId, scope: p.scopes.join(' '), redirect_uri: p.redirectUri, state: p.state, nonce: p.nonce,
    code_challenge: p.codeChallenge, code_challenge_method: p.codeChallengeMethod, recovery_token: p.recoveryToken,
  });
  return String(answer.interaction_handle);
}

export interface TokenResponse {
  token_type: string;
  expires_in: number;
  access_token: string;
  scope?: string;
  id_token?: string;
  refresh_token?: string;
}

/** POST {issuer}/v1/token with the interaction code of a finished sign-in. */
export function redeemInteractionCode(p: { issuer: string; clientId: string; redirectUri: string; interactionCode: string; codeVerifier: string }): Promise<TokenResponse> {
  return postForm(oauthUrl(p.issuer, 'token'), {
    grant_type: 'interaction_code', client_id: p.clientId, redirect_uri: p.redirectUri, interaction_code: p.interactionCode, code_verifier: p.codeVerifier,
  }) as unknown as Promise<TokenResponse>;
}
