import type { FastifyReply } from 'fastify';
import type { AuthorizeRequest } from '../store/repositories/idxTransactions.js';
import { escapeHtml } from '../http/html.js';

export type ResponseMode = AuthorizeRequest['responseMode'];
export const RESPONSE_MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post', 'okta_post_message'];

/**
 * Sends the browser back to the client with the authorization response (code and state, or error),
 * the way `response_mode` asks: in the query or fragment of a 302, as an auto-submitted form
 * (OAuth 2.0 Form Post Response Mode), or posted to the opener window (Okta's okta_post_message,
 * for a hidden iframe: only to the redirect URI's origin).
 */
export function sendAuthorizationResponse(reply: FastifyReply, redirectUri: string, mode: ResponseMode, params: Record<string, string>): FastifyReply {
  reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
  if (mode === 'query' || mode === 'fragment') {
    const url = new URL(redirectUri);
    const encoded = new URLSearchParams(params).toString();
    if (mode === 'query') for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
    else url.hash = encoded;
    return reply.redirect(url.toString(), 302);
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const body = mode === 'form_post'
    ? `<form method="post" action="${escapeHtml(redirectUri)}">${Object.entries(params).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('')}</form>` +
      `<script nonce="${nonce}">document.forms[0].submit()</script>`
    : `<script nonce="${nonce}">window.parent.postMessage(${JSON.stringify(params).replace(/</g, '\\u003c')}, ${JSON.stringify(new URL(redirectUri).origin)})</script>`;
  return reply
    .header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${new URL(redirectUri).origin}`)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in</title></head><body>${body}</body></html>`);
}
