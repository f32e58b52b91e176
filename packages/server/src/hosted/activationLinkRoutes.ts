import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SignInEngine } from '../engine/engine.js';
import { ACTIVATION_LINK_PATH } from '../org/activation.js';
import { DASHBOARD_CLIENT_ID } from '../org/dashboardApp.js';
import { hostedEngine } from '../upgrade/routing.js';
import { beginActivationAuthn } from '../engine/classicActivation.js';
import { activationUrl, sessionTradeUrl } from '../engine/dashboardUrls.js';
import { sendClassicLinkPage, type ClassicLinkDeps } from './classicLinkPage.js';
import { sendMessagePage } from '../http/messagePage.js';

export interface ActivationLinkDeps extends ClassicLinkDeps { engine: SignInEngine }

/**
 * GET /welcome/:token, the emailed activation link: the dashboard's sign-in, begun by the token (see
 * the authorize action's activation_token): the activation, or, once the link is no longer valid,
 * the offer of a new one. Where the dashboard signs in on the Classic page (a Classic org), that page
 * instead, on the authn transaction the token begins (see classicActivation).
 */
export async function activationLinkRoutes(app: FastifyInstance, deps: ActivationLinkDeps): Promise<void> {
  app.get(`${ACTIVATION_LINK_PATH}/:token`, async (request: FastifyRequest<{ Params: { token: string } }>, reply) => {
    const dashboard = await deps.config.app(DASHBOARD_CLIENT_ID);
    if (dashboard && hostedEngine((await deps.config.orgSettings()).engine, dashboard) === 'classic') return classicActivation(request, reply, deps);
    return reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').redirect(activationUrl(deps.baseUrl, request.params.token), 303);
  });
}

/**
 * The Classic page on the activation the token begins (the token is used up here, once). The page gets
 * the transaction's stateToken, as Okta's own /welcome page does, rather than the token: the token
 * never reaches the page's script, and a reload resumes the transaction instead of spending a used
 * token. A user who has a password is signed in by the token (see beginActivationAuthn): straight to
 * the session. A link that cannot be used (used, expired, nobody's, or its user refused: alike) says so; Classic has no offer of a new one.
 */
async function classicActivation(request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply, deps: ActivationLinkDeps): Promise<FastifyReply> {
  reply.header('Referrer-Policy', 'no-referrer');
  const begun = await beginActivationAuthn(deps.engine, request.params.token, { ip: request.ip });
  const success = begun?.step.view.success;
  // A user who has a password is signed in by the token at once: the session is theirs without the page.
  if (success && 'sessionToken' in success) return reply.header('Cache-Control', 'no-store').redirect(sessionTradeUrl(deps.baseUrl, success.sessionToken), 303);
  if (begun) return sendClassicLinkPage(reply, deps, { stateToken: deps.engine.stateHandle(begun.txn) });
  return sendMessagePage(reply, {
    status: 403, role: 'alert', title: 'Activation link no longer valid', data: { name: 'error', value: 'activation_link_invalid' },
    text: 'This account activation link is no longer valid. Ask your administrator to send you a new activation email.',
  });
}
