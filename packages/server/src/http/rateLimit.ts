import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Limit, RateLimiter } from '../platform/rateLimiter.js';
import { ApiError } from './apiError.js';

/** A request over its limit. http/errorHandler.ts answers 429 with Retry-After. */
export class RateLimitedError extends ApiError {
  constructor(readonly retryAfter: number) {
    super(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
  }
}

export interface RateLimitOptions extends Limit {
  /** Names the limit; buckets are `${name}:${key}`. */
  name: string;
  /** Who is counted (client id, IP, user…); undefined leaves the request uncounted. */
  key: (request: FastifyRequest) => string | undefined;
}

/**
 * A preHandler that counts the request against its bucket, sets Okta's X-Rate-Limit-* headers on
 * every counted response (errors included), and throws RateLimitedError once the limit is exceeded.
 */
export function rateLimit(limiter: RateLimiter, options: RateLimitOptions) {
  const limit: Limit = { max: options.max, windowMs: options.windowMs };
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const key = options.key(request);
    if (key === undefined) return;
    const decision = await limiter.consume(`${options.name}:${key}`, limit);
    reply.header('X-Rate-Limit-Limit', decision.limit);
    reply.header('X-Rate-Limit-Remaining', decision.remaining);
    reply.header('X-Rate-Limit-Reset', decision.resetAt);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfter);
  };
}
