import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Branding } from '../org/orgFile/schema.js';
import { renderTemplate } from './template.js';
import { templateOrigins } from './templateSources.js';

/**
 * Okta's default sign-in page, in its template language (see renderTemplate). `bgImageUrl` goes in
 * raw: inside <style> HTML escapes are not decoded, and the org file admits no character that could
 * end the CSS string. Styles must sit in nonce'd elements: the CSP allows no style attributes.
 */
export const DEFAULT_SIGN_IN_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex,nofollow">
  <title>{{pageTitle}}</title>
  {{{SignInWidgetResources}}}
  <style nonce="{{nonceValue}}">
    body { margin: 0; min-height: 100vh; background: #f4f5f7 center / cover no-repeat; }
    .lk-bg { background-image: url("{{{bgImageUrl}}}"); }
  </style>
</head>
<body class="{{bodyClass}}">
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
  /** The state handle of the sign-in the page continues: IDX's, or with `classic` authn's stateToken. */
  stateToken?: string;
  /** A Classic sign-in: the widget drives the Classic Engine's authn API (`useClassicEngine`). */
  classic?: boolean;
  /** An emailed Classic link's token (reset or unlock), for the widget to redeem. */
  recoveryToken?: string;
  /** Where a Classic sign-in that ends with a sessionToken (not with a link back to an app) goes, the session set. */
  fromURI?: string;
  orgName: string | undefined;
  branding: Branding;
  /** login_hint: the username to fill in. */
  username?: string;
}

/** JSON inside a <script>: `</script>` and friends cannot end the element early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * The widget's success, as both pipelines give it: IDX's success link (`href`); Classic's SUCCESS,
 * whose `next()` follows the `original` link back to the app, or, with a sessionToken (`session`),
 * the session set on the way to `fromURI`.
 */
const completeLogin = (fromURI: string | undefined) => 'function (res) { if (!res) return; if (res.href) window.location.assign(res.href); ' +
  `else if (typeof res.next === 'function') res.next();${fromURI ? ` else if (res.session) res.session.setCookieAndRedirect(${scriptJson(fromURI)});` : ''} }`;

/** Where the page may load images from: itself, data URLs, https, the origins the branding names, and those its template loads from. */
function imageSources(baseUrl: string, branding: Branding, loaded: string[]): string {
  const origins = [branding.logoUrl, branding.faviconUrl, branding.backgroundImageUrl]
    .filter((u): u is string => u !== undefined && URL.canParse(u))
    .map((u) => new URL(u).origin);
  return [...new Set(["'self'", 'data:', 'https:', ...origins.filter((o) => o !== new URL(baseUrl).origin), ...loaded])].join(' ');
}

/**
 * The hosted sign-in page, rendered from the org's template (Okta's default unless the org file
 * gives one) with its branding: the widget continues the sign-in of `stateToken` and, on success,
 * follows the IDX `success` link (Classic: the SUCCESS's `original` link), which sends the browser
 * back to the app. The page carries no secret but the state handle (or the token already in an
 * emailed link's URL), runs only its own nonce'd scripts and styles, and cannot be framed.
 */
export function sendSignInPage(reply: FastifyReply, input: SignInPageInput): FastifyReply {
  const { branding } = input;
  const nonce = randomBytes(16).toString('base64');
  const widgetConfig = {
    baseUrl: input.baseUrl, ...(input.stateToken && { stateToken: input.stateToken }), ...(input.classic && { useClassicEngine: true }),
    ...(input.recoveryToken && { recoveryToken: input.recoveryToken }), cspNonce: nonce,
    ...(input.username && { username: input.username }),
    ...(branding.logoUrl && { logo: branding.logoUrl }),
    ...((branding.brandName ?? input.orgName) && { brandName: branding.brandName ?? input.orgName }),
    ...(branding.primaryColor && { colors: { brand: branding.primaryColor } }),
  };
  // Without the org's icon an empty one: else browsers ask for /favicon.ico, which Latchkey answers 404.
  const favicon = `<link rel="icon" href="${branding.faviconUrl ?? 'data:,'}">`;
  const template = branding.signInTemplate ?? DEFAULT_SIGN_IN_TEMPLATE;
  // The fonts and images of what the org's template loads by its nonce (see templateOrigins).
  const loaded = templateOrigins(template, input.baseUrl);
  const html = renderTemplate(template, {
    pageTitle: branding.pageTitle ?? (input.orgName ? `${input.orgName} - Sign In` : 'Sign In'),
    nonceValue: nonce,
    bgImageUrl: branding.backgroundImageUrl ?? '',
    bodyClass: branding.backgroundImageUrl ? 'lk-bg' : '',
    // The widget installs its own styles (a constructed stylesheet, allowed by this CSP).
    SignInWidgetResources: `${favicon}<script nonce="${nonce}" src="${input.baseUrl}/widget/latchkey-widget.js"></script>`,
    OktaUtil: `<script nonce="${nonce}">var OktaUtil = { getSignInWidgetConfig: function () { return ${scriptJson(widgetConfig)}; }, ` +
      `completeLogin: ${completeLogin(input.fromURI)} };</script>`,
  });
  return reply
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; img-src ${imageSources(input.baseUrl, branding, loaded)}; ` +
      `connect-src 'self'; font-src ${["'self'", ...loaded].join(' ')}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`)
    .header('X-Frame-Options', 'DENY')
    .type('text/html; charset=utf-8')
    .send(html);
}
