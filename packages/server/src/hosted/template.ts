import { escapeHtml } from '../http/html.js';

/**
 * The sign-in page template language Okta's custom sign-in pages use: `{{name}}` is replaced by the
 * value HTML-escaped, `{{{name}}}` by the value as is (only for markup Latchkey itself builds).
 * Unknown names render as nothing.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\{\s*(\w+)\s*\}\}\}|\{\{\s*(\w+)\s*\}\}/g, (_m, raw: string | undefined, escaped: string | undefined) =>
    (raw !== undefined ? values[raw] ?? '' : escapeHtml(values[escaped!] ?? '')));
}
