/** A `<script src>` or `<link href>` of a template that names an absolute http(s) URL. */
const LOADED = /<(?:script|link)\b[^>]*?\s(?:src|href)\s*=\s*["']?(https?:\/\/[^"'\s>]+)/gi;

/**
 * The origins an org's own sign-in template loads scripts and stylesheets from (Okta's widget from a
 * CDN, say), other than Latchkey's. Those elements pass the page's CSP by their nonce; the fonts and
 * images their stylesheets name cannot carry one, so the page allows them from these origins too.
 */
export function templateOrigins(template: string, baseUrl: string): string[] {
  const own = new URL(baseUrl).origin;
  const origins = [...template.matchAll(LOADED)].map((m) => m[1]).filter((u) => URL.canParse(u)).map((u) => new URL(u).origin);
  return [...new Set(origins)].filter((o) => o !== own);
}
