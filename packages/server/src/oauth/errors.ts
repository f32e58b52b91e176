/** OAuth 2.0 error codes (RFC 6749 §5.2, RFC 6750 §3.1, RFC 7009, OIDC) plus Okta's use of access_denied at /token. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_token_type'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'login_required'
  | 'unsupported_response_type';

/** A protocol error, rendered as `{ error, error_description }` by the OAuth surface's error handler. */
export class OAuthError extends Error {
  constructor(readonly code: OAuthErrorCode, readonly description: string) {
    super(`${code}: ${description}`);
  }
}

/** Descriptions Okta answers with, kept in one place so every grant says the same thing. */
export const Describe = {
  unknownClient: "Invalid value for 'client_id' parameter.",
  badClientSecret: 'The client secret supplied for a confidential client is invalid.',
  clientAuthFailed: 'Client authentication failed. Either the client or the client credentials are invalid.',
  policyFailed: 'Policy evaluation failed for this request, please check the policy configurations.',
  unknownScopes: 'One or more scopes are not configured for the authorization server resource.',
  invalidCode: 'The authorization code is invalid or has expired.',
  invalidRefreshToken: 'The refresh token is invalid or expired.',
  pkceFailed: 'PKCE verification failed.',
} as const;
