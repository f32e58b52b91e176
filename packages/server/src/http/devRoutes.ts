import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import { pageLimit } from './pagination.js';

type Req = FastifyRequest<{ Querystring: { to?: string; limit?: string } }>;

const MAX_LIMIT = 100;

/**
 * Development-only endpoints, registered only in dev mode: they hand out one-time codes and links to
 * anyone who asks, which is what a developer or a test needs and what production must never do.
 */
export async function devRoutes(app: FastifyInstance, store: Store): Promise<void> {
  app.log.warn('development endpoints are enabled under /api/dev: turn dev mode off in production');

  app.get('/api/dev/outbox', { config: { surface: 'api' } }, async (request: Req, reply) => {
    const to = request.query.to || undefined;
    const messages = await store.outbox.list({ to, limit: pageLimit(request.query.limit, MAX_LIMIT) });
    reply.header('Cache-Control', 'no-store');
    return {
      messages: messages.map((m) => ({
        id: m.id, to: m.to, kind: m.kind, subject: m.subject, text: m.text, html: m.html, createdAt: new Date(m.createdAt).toISOString(),
      })),
    };
  });
}
