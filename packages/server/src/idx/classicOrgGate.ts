import type { FastifyInstance } from 'fastify';
import type { ConfigCache } from '../org/configCache.js';
import { FEATURE_NOT_ENABLED } from '../org/classic/engineMode.js';

/** The Identity Engine's ways in: the IDX API and the Interaction Code flow's start, at the org and custom servers. */
const IDENTITY_ENGINE_PATHS = [/^\/idp\/idx\//, /^(\/oauth2(\/[^/]+)?)\/v1\/interact$/];

/**
 * While the org is Classic the Identity Engine is not on: its endpoints answer what Okta answers
 * where the feature is off (the error of /v1/interact for an app without the interaction_code grant).
 * Classic sign-in (/api/v1/authn, /authorize with a sessionToken) is untouched.
 */
export function classicOrgGate(app: FastifyInstance, config: ConfigCache): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (!IDENTITY_ENGINE_PATHS.some((p) => p.test(path))) return;
    if ((await config.orgSettings()).engine !== 'classic') return;
    return reply.code(400).header('Cache-Control', 'no-store').send({ error: 'access_denied', error_description: FEATURE_NOT_ENABLED });
  });
}
