import { endpoints } from './endpoints.js';
import type { ServerContext } from './serverContext.js';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];

/**
 * RFC 8414 / OIDC Discovery metadata in Okta's shape. Only what Latchkey implements is listed;
 * the sign-in flows of later work add their response types and grants here.
 */
export function authorizationServerMetadata(ctx: ServerContext, openid: boolean): Record<string, unknown> {
  const e = endpoints(ctx);
  const claims = ['iss', 'ver', 'sub', 'aud', 'iat', 'exp', 'jti', 'auth_time', 'amr', 'idp', 'nonce', 'name', 'nickname', 'preferred_username',
    'given_name', 'middle_name', 'family_name', 'email', 'email_verified', 'profile', 'zoneinfo', 'locale', 'address', 'phone_number', 'picture',
    'website', 'gender', 'birthdate', 'updated_at', 'at_hash', ...ctx.server.claims.map((c) => c.name)];
  return {
    issuer: ctx.issuer,
    authorization_endpoint: e.authorization,
    token_endpoint: e.token,
    ...(openid && { userinfo_endpoint: e.userinfo }),
    jwks_uri: e.keys,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', 'interaction_code'],
    subject_types_supported: ['public'],
    ...(openid && { id_token_signing_alg_values_supported: ['RS256'] }),
    scopes_supported: ctx.server.scopes.map((s) => s.name),
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    claims_supported: [...new Set(claims)],
    code_challenge_methods_supported: ['S256'],
    introspection_endpoint: e.introspection,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint: e.revocation,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    end_session_endpoint: e.endSession,
    request_parameter_supported: false,
    // Every authorization response carries `iss` (oauth/responseMode.ts); clients then check it (RFC 9207).
    authorization_response_iss_parameter_supported: true,
  };
}
