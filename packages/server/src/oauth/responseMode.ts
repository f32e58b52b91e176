import type { FastifyReply } from 'fastify';
import type { AuthorizeRequest } from '../store/repositories/idxTransactions.js';
import { escapeHtml } from '../http/html.js';

export type ResponseMode = AuthorizeRequest['responseMode'];
export const RESPONSE_MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post', 'okta_post_message'];

/** An authorization response (code and state, or error) for a client's registered redirect URI. */
export interface AuthorizationResponse {
  redirectUri: string;
  mode: ResponseMode;
  /** The authorization server's issuer, sent as `iss` with every response (RFC 9207: mix-up defence). */
  issuer: string;
  params: Record<string, string>;
}

/**
 * Sends the browser back to the client with the authorization response, the way `response_mode`
 * asks: in the query or fragment of a 302, as an auto-submitted form (OAuth 2.0 Form Post Response
 * Mode), or posted to the parent window (Okta's okta_post_message, for a hidden iframe: only to the
 * redirect URI's origin, which is therefore the one origin allowed to frame that page).
 */
export function sendAuthorizationResponse(reply: FastifyReply, response: AuthorizationResponse): FastifyReply {
  const { redirectUri, mode } = response;
  const params = { ...response.params, iss: response.issuer };
  reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
  if (mode === 'query' || mode === 'fragment') {
    const url = new URL(redirectUri);
    const encoded = new URLSearchParams(params).toString();
    if (mode === 'query') for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
    else url.hash = encoded;
    return reply.redirect(url.toString(), 302);
  }
  const origin = new URL(redirectUri).origin;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const body = mode === 'form_post'
    ? `<form method="post" action="${escapeHtml(redirectUri)}">${Object.entries(params).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('')}</form>` +
      `<script nonce="${nonce}">document.forms[0].submit()</script>`
    : `<script nonce="${nonce}">window.parent.postMessage(${JSON.stringify(params).replace(/</g, '\\u003c')}, ${JSON.stringify(origin)})</script>`;
  // Without a named frame-ancestors the HTTP shell adds X-Frame-Options: DENY as well (http/server.ts).
  const frameAncestors = mode === 'okta_post_message' ? origin : "'none'";
  return reply
    .header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${origin}; frame-ancestors ${frameAncestors}`)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in</title></head><body>${body}</body></html>`);
}
