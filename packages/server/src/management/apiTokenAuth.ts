import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { SecurityEvent } from '../platform/securityEvents.js';
import { ApiError } from '../http/apiError.js';
import { authenticateApiToken, type ApiTokenSummary } from '../org/apiTokens.js';
import { networkMatch, type NetworkZone } from '../policy/networkZones.js';

const SSWS = /^SSWS\s+(\S+)\s*$/i;

/** Okta's answer to a management request without a valid token, whatever is wrong with it (missing, unknown, expired, revoked). */
const invalidToken = () => new ApiError(401, 'E0000011', 'Invalid token provided');

/**
 * A live token used from outside its network condition. Okta does not document this answer; its
 * answer to a token that may not do what it asks is 403 E0000006, and the token is not said to be
 * invalid (it is not, elsewhere).
 */
const notFromHere = () => new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action');

/** The token each management request came with (kept beside the request, never on it). */
const presentedTokens = new WeakMap<FastifyRequest, ApiTokenSummary>();

/**
 * The onRequest hook of every management route: `Authorization: SSWS <token>` must name a live API
 * token, used from where its network condition allows, evaluated as a policy rule's (the zones are
 * read only for a token that has one).
 */
export function requireApiToken(store: Store, clock: Clock, networkZones: () => Promise<NetworkZone[]>) {
  return async (request: FastifyRequest): Promise<void> => {
    const presented = SSWS.exec(request.headers.authorization ?? '')?.[1];
    const token = presented && (await authenticateApiToken(store, presented, clock.now()));
    if (!token) throw invalidToken();
    if (token.network !== null && !networkMatch(token.network, request.ip, await networkZones()).matched) throw notFromHere();
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
