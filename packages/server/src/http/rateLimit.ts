import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Limit, RateLimitDecision, RateLimiter } from '../platform/rateLimiter.js';
import { ApiError } from './apiError.js';

/** A request over its limit. http/errorHandler.ts answers 429 with the decision's X-Rate-Limit-* headers and Retry-After. */
export class RateLimitedError extends ApiError {
  constructor(readonly decision: RateLimitDecision) {
    super(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
  }
}

/** Okta's X-Rate-Limit-* headers for a decision. */
export function rateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  reply.header('X-Rate-Limit-Limit', decision.limit);
  reply.header('X-Rate-Limit-Remaining', decision.remaining);
  reply.header('X-Rate-Limit-Reset', decision.resetAt);
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
    rateLimitHeaders(reply, decision);
    if (!decision.allowed) throw new RateLimitedError(decision);
  };
}

/** Requests naming one identifier (in any case), across all transactions and processes, counted in one bucket `name`. */
const perIdentifier = (limiter: RateLimiter, name: string, limit: Limit, identifierOf: (request: FastifyRequest) => string | undefined) =>
  rateLimit(limiter, { name, ...limit, key: (r) => identifierOf(r)?.trim().toLowerCase() });

/**
 * Sign-in attempts for one identifier across all transactions and both sign-in APIs (IDX identify,
 * Classic authn), counted in one bucket: password guessing at one account from many transactions.
 */
export const identifierLimit = (limiter: RateLimiter, identifierOf: (request: FastifyRequest) => string | undefined) =>
  perIdentifier(limiter, 'idx-identify', { max: 20, windowMs: 5 * 60_000 }, identifierOf);

/**
 * Activation tokens tried from one address (Classic authn's `{ token }`, which names no identifier to
 * count by): a person opens their link once or twice; a script trying tokens is stopped.
 */
export const activationTokenLimit = (limiter: RateLimiter, tokenOf: (request: FastifyRequest) => string | undefined) =>
  rateLimit(limiter, { name: 'authn-activation-token', max: 20, windowMs: 5 * 60_000, key: (r) => (tokenOf(r) === undefined ? undefined : r.ip) });

/**
 * Unlock attempts naming one identifier, known or not (each may send the person a code): a person
 * needs a few, a script filling someone's inbox or phone is stopped. Its own bucket, so the wrong
 * passwords that locked the account do not also stop its owner unlocking it.
 */
export const unlockIdentifierLimit = (limiter: RateLimiter, identifierOf: (request: FastifyRequest) => string | undefined) =>
  perIdentifier(limiter, 'idx-unlock', { max: 5, windowMs: 5 * 60_000 }, identifierOf);

/**
 * How long a process trusts a read that found no failures for a key. A failure counted by another
 * process meanwhile is seen this much later at most, and lets through at most one more guess here
 * (a failure counted here forgets the trust at once); what it saves is a read on every good request.
 */
const QUIET_TRUST_MS = 1000;
/** Keys trusted at once, at most (an address and a client per caller); past it the memo starts over. */
const MAX_TRUSTED = 10_000;

/**
 * A limit on failures only: successes are not counted, so a busy client is never throttled by its
 * own good requests; once `max` failures are counted in a window, every request of that key is
 * refused, right or wrong, until the window ends.
 */
export class FailureLimits {
  /** Buckets last read with no failure, and until when that read is trusted. */
  private readonly quietUntil = new Map<string, number>();

  /** `limits` share one window length (they are read together). */
  constructor(private readonly limiter: RateLimiter, private readonly limits: Array<{ name: string } & Limit>) {}

  /** `keys[i]` is who is counted under `limits[i]` (undefined: nobody). Throws RateLimitedError when one has used up its failures. */
  async admit(keys: Array<string | undefined>): Promise<void> {
    const checks = this.checks(keys);
    const now = this.limiter.clock.now();
    if (checks.every(({ bucket }) => (this.quietUntil.get(bucket) ?? 0) > now)) return;
    const decisions = await this.limiter.peek(checks);
    const refused = decisions.find((d) => !d.allowed);
    if (refused) throw new RateLimitedError(refused);
    if (this.quietUntil.size >= MAX_TRUSTED) this.quietUntil.clear();
    decisions.forEach((d, i) => {
      if (d.remaining === checks[i].limit.max) this.quietUntil.set(checks[i].bucket, now + QUIET_TRUST_MS);
    });
  }

  async failed(keys: Array<string | undefined>): Promise<void> {
    for (const { bucket, limit } of this.checks(keys)) {
      this.quietUntil.delete(bucket);
      await this.limiter.consume(bucket, limit);
    }
  }

  private checks(keys: Array<string | undefined>): Array<{ bucket: string; limit: Limit }> {
    return this.limits.flatMap(({ name, max, windowMs }, i) => (keys[i] === undefined ? [] : [{ bucket: `${name}:${keys[i]}`, limit: { max, windowMs } }]));
  }
}
