import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RESET_LINK_PATH } from '../org/recoveryTokens.js';
import { recoveryUrl } from './dashboardUrls.js';

/**
 * GET /signin/reset-password/:token, the emailed reset link: the dashboard's sign-in, begun at the
 * new-password step by the token (see the authorize action's recovery_token). The token is spent
 * there, so the link works once.
 */
export async function resetLinkRoutes(app: FastifyInstance, baseUrl: string): Promise<void> {
  app.get(`${RESET_LINK_PATH}/:token`, async (request: FastifyRequest<{ Params: { token: string } }>, reply) =>
    reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').redirect(recoveryUrl(baseUrl, request.params.token), 303));
}
