import type { FastifyReply } from 'fastify';
import { escapeHtml } from './html.js';

export interface MessagePage {
  status: number;
  title: string;
  text: string;
  /** `alert` for errors (announced at once), `status` for information. */
  role: 'alert' | 'status';
  /** A machine-readable attribute on the message, e.g. `data-error` or `data-i18n-key`. */
  data?: { name: string; value: string };
}

/** A small page with one message, for what a browser lands on outside any app (errors, sign-out, magic links). */
export function sendMessagePage(reply: FastifyReply, page: MessagePage): FastifyReply {
  const data = page.data ? ` data-${page.data.name}="${escapeHtml(page.data.value)}"` : '';
  return reply.code(page.status)
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
    .type('text/html; charset=utf-8')
    .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
      `<title>${escapeHtml(page.title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem">` +
      `<h1>${escapeHtml(page.title)}</h1><p role="${page.role}"${data}>${escapeHtml(page.text)}</p></body></html>`);
}
