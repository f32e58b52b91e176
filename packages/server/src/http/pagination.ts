import type { FastifyReply } from 'fastify';
import { invalidField } from './apiError.js';

/** A page size from `?limit=` (Okta's lists default to 20): 400 E0000001 unless a whole number from 1 to `max`. */
export function pageLimit(raw: string | undefined, max: number, defaultLimit = 20): number {
  if (raw === undefined) return defaultLimit;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw invalidField('limit', `must be a whole number from 1 to ${max}`);
  return Number(raw);
}

/**
 * Okta's pagination headers: `Link: <…>; rel="self"` and, when the page is full, `rel="next"` with
 * `after` set to the cursor (the last item's id); clients (okta-sdk-nodejs's Collection) follow next.
 */
export function paginationLinks(reply: FastifyReply, url: string, page: { limit: number; items: Array<{ id: string }> }): void {
  const self = new URL(url);
  self.searchParams.set('limit', String(page.limit));
  const links = [`<${self.href}>; rel="self"`];
  const last = page.items.at(-1);
  if (last && page.items.length === page.limit) {
    const next = new URL(self);
    next.searchParams.set('after', last.id);
    links.push(`<${next.href}>; rel="next"`);
  }
  reply.header('Link', links);
}
