import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { SecurityEvent } from '../platform/securityEvents.js';
import { ApiError } from '../http/apiError.js';
import { authenticateApiToken, type ApiTokenSummary } from '../org/apiTokens.js';

const SSWS = /^SSWS\s+(\S+)\s*$/i;

/** Okta's answer to a management request without a valid token, whatever is wrong with it (missing, unknown, expired, revoked). */
const invalidToken = () => new ApiError(401, 'E0000011', 'Invalid token provided');

/** The token each management request came with (kept beside the request, never on it). */
const presentedTokens = new WeakMap<FastifyRequest, ApiTokenSummary>();

/** The onRequest hook of every management route: `Authorization: SSWS <token>` must name a live API token. */
export function requireApiToken(store: Store, clock: Clock) {
  return async (request: FastifyRequest): Promise<void> => {
    const presented = SSWS.exec(request.headers.authorization ?? '')?.[1];
    const token = presented && (await authenticateApiToken(store, presented, clock.now()));
    if (!token) throw invalidToken();
    presentedTokens.set(request, token);
  };
}

/** The API token a management request was authenticated with (`/api/v1/api-tokens/current`). */
export function currentApiToken(request: FastifyRequest): ApiTokenSummary {
  const token = presentedTokens.get(request);
  if (!token) throw invalidToken();
  return token;
}

/** Who acted, for the System Log: the API token (by id and name) a management request came with. */
export function actorOf(request: FastifyRequest): NonNullable<SecurityEvent['actor']> {
  const token = currentApiToken(request);
  return { id: token.id, type: 'SystemPrincipal', alternateId: token.name };
}
