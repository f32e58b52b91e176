/**
 * The paths a browser client (okta-auth-js, the sign-in widgets) calls from another origin, so the
 * only ones that answer CORS: the OAuth endpoints an SPA calls with fetch, the discovery documents,
 * the IDX API and the management API. Pages a browser navigates to (/authorize, /logout, the
 * redirect flow's last step, magic links) and the development endpoints are never read cross-origin.
 */
const CORS_PATHS = [
  /^(\/oauth2(\/[^/]+)?)\/v1\/(token|interact|introspect|revoke|userinfo|keys)$/,
  /^(\/oauth2\/[^/]+)?\/\.well-known\/(openid-configuration|oauth-authorization-server)$/,
  /^\/idp\/idx\//,
  /^\/api\/v1\//,
];

/** Whether a request to `url` (path and query) may be answered with CORS headers. */
export function corsAllowed(url: string): boolean {
  const path = url.split('?')[0];
  return CORS_PATHS.some((pattern) => pattern.test(path));
}
