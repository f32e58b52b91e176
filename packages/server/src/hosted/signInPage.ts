import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { renderTemplate } from './template.js';

/** Okta's default sign-in page, in its template language (see renderTemplate). */
export const DEFAULT_SIGN_IN_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex,nofollow">
  <title>{{pageTitle}}</title>
  {{{SignInWidgetResources}}}
</head>
<body>
  <main id="okta-login-container"></main>
  {{{OktaUtil}}}
  <script nonce="{{nonceValue}}">
    var config = OktaUtil.getSignInWidgetConfig();
    new OktaSignIn(config).renderEl({ el: '#okta-login-container' }, OktaUtil.completeLogin, function (error) { console.error(error); });
  </script>
</body>
</html>`;

export interface SignInPageInput {
  baseUrl: string;
  /** The IDX state handle of the sign-in the page continues. */
  stateToken: string;
  pageTitle: string;
  /** login_hint: the username to fill in. */
  username?: string;
}

/** JSON inside a <script>: `</script>` and friends cannot end the element early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * The hosted sign-in page: the widget continues the sign-in of `stateToken`; on success it follows
 * the IDX `success` link, which sends the browser back to the app. The page carries no secret but
 * the state handle, allows only its own nonce'd scripts and cannot be framed.
 */
export function sendSignInPage(reply: FastifyReply, input: SignInPageInput): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const widgetConfig = {
    baseUrl: input.baseUrl, stateToken: input.stateToken, cspNonce: nonce, ...(input.username && { username: input.username }),
  };
  const html = renderTemplate(DEFAULT_SIGN_IN_TEMPLATE, {
    pageTitle: input.pageTitle,
    nonceValue: nonce,
    bgImageUrl: '',
    // The widget installs its own styles (a constructed stylesheet, allowed by this CSP).
    SignInWidgetResources: `<script nonce="${nonce}" src="${input.baseUrl}/widget/latchkey-widget.js"></script>`,
    OktaUtil: `<script nonce="${nonce}">var OktaUtil = { getSignInWidgetConfig: function () { return ${scriptJson(widgetConfig)}; }, ` +
      'completeLogin: function (res) { if (res && res.href) window.location.assign(res.href); } };</script>',
  });
  return reply
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data: https:; ` +
      `connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`)
    .header('X-Frame-Options', 'DENY')
    .type('text/html; charset=utf-8')
    .send(html);
}
