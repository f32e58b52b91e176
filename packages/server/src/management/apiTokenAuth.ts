import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import { ApiError } from '../http/apiError.js';
import { authenticateApiToken } from '../org/apiTokens.js';

const SSWS = /^SSWS\s+(\S+)\s*$/i;

/** Okta's answer to a management request without a valid token, whatever is wrong with it (missing, unknown, revoked). */
const invalidToken = () => new ApiError(401, 'E0000011', 'Invalid token provided');

/** The onRequest hook of every management route: `Authorization: SSWS <token>` must name a live API token. */
export function requireApiToken(store: Store) {
  return async (request: FastifyRequest): Promise<void> => {
    const presented = SSWS.exec(request.headers.authorization ?? '')?.[1];
    if (!presented || !(await authenticateApiToken(store, presented))) throw invalidToken();
  };
}
