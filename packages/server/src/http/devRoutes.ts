import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import { ApiError } from './apiError.js';

type Req = FastifyRequest<{ Querystring: { to?: string; limit?: string } }>;

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

function limitOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) {
    throw new ApiError(400, 'E0000001', 'Api validation failed: limit', [{ errorSummary: `limit: must be a whole number from 1 to ${MAX_LIMIT}` }]);
  }
  return Number(raw);
}

/**
 * Development-only endpoints, registered only in dev mode: they hand out one-time codes and links to
 * anyone who asks, which is what a developer or a test needs and what production must never do.
 */
export async function devRoutes(app: FastifyInstance, store: Store): Promise<void> {
  app.log.warn('development endpoints are enabled under /api/dev: turn dev mode off in production');

  app.get('/api/dev/outbox', { config: { surface: 'api' } }, async (request: Req, reply) => {
    const to = request.query.to || undefined;
    const messages = await store.outbox.list({ to, limit: limitOf(request.query.limit) });
    reply.header('Cache-Control', 'no-store');
    return {
      messages: messages.map((m) => ({
        id: m.id, to: m.to, kind: m.kind, subject: m.subject, text: m.text, html: m.html, createdAt: new Date(m.createdAt).toISOString(),
      })),
    };
  });
}
