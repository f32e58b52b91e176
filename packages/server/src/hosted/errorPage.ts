import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../http/html.js';

/**
 * An error that cannot be sent back to the app (unknown client, unregistered redirect URI, a
 * finished or expired sign-in): shown to the person on a Latchkey page instead of redirecting
 * anywhere an attacker could choose.
 */
export function sendErrorPage(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply.code(status)
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
    .type('text/html; charset=utf-8')
    .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>Sign-in error</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem">' +
      `<h1>Something went wrong</h1><p role="alert" data-error="${escapeHtml(error)}">${escapeHtml(description)}</p></body></html>`);
}
