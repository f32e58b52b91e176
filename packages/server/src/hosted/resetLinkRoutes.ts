import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RESET_LINK_PATH } from '../org/recoveryTokens.js';
import { recoveryUrl } from '../engine/dashboardUrls.js';
import { sendClassicLinkPage, type ClassicLinkDeps } from './classicLinkPage.js';

/**
 * GET /signin/reset-password/:token, the emailed reset link: the dashboard's sign-in, begun at the
 * new-password step by the token (see the authorize action's recovery_token); in a Classic org the
 * hosted page in Classic mode, which redeems the token through authn. The token is spent there, so
 * the link works once.
 */
export async function resetLinkRoutes(app: FastifyInstance, deps: ClassicLinkDeps): Promise<void> {
  app.get(`${RESET_LINK_PATH}/:token`, async (request: FastifyRequest<{ Params: { token: string } }>, reply) => {
    if ((await deps.config.orgSettings()).engine === 'classic') return sendClassicLinkPage(reply, deps, { recoveryToken: request.params.token });
    return reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').redirect(recoveryUrl(deps.baseUrl, request.params.token), 303);
  });
}
