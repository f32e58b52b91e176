import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UNLOCK_LINK_PATH } from '../org/recoveryTokens.js';
import { sendClassicLinkPage, type ClassicLinkDeps } from './classicLinkPage.js';

/**
 * GET /signin/user-unlock/:token, the emailed unlock link (Classic authn's, in any org: the Identity
 * Engine has no unlock link): the hosted page in Classic mode redeems the token. The page spends it,
 * so the link works once.
 */
export async function unlockLinkRoutes(app: FastifyInstance, deps: ClassicLinkDeps): Promise<void> {
  app.get(`${UNLOCK_LINK_PATH}/:token`, async (request: FastifyRequest<{ Params: { token: string } }>, reply) => sendClassicLinkPage(reply, deps, { recoveryToken: request.params.token }));
}
