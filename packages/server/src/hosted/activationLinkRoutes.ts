import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ACTIVATION_LINK_PATH } from '../org/activation.js';
import { activationUrl } from './dashboardUrls.js';

/**
 * GET /welcome/:token, the emailed activation link: the dashboard's sign-in, begun by the token (see
 * the authorize action's activation_token): the activation, or, once the link is no longer valid,
 * the offer of a new one.
 */
export async function activationLinkRoutes(app: FastifyInstance, baseUrl: string): Promise<void> {
  app.get(`${ACTIVATION_LINK_PATH}/:token`, async (request: FastifyRequest<{ Params: { token: string } }>, reply) =>
    reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').redirect(activationUrl(baseUrl, request.params.token), 303));
}
