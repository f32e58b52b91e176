import type { RateLimitsRepository } from '../store/repositories/rateLimits.js';
import type { Clock } from './clock.js';

/**
 * The longest window a limit may use. The periodic purge deletes windows that started longer ago
 * than this, which is only safe because every such window has then ended.
 */
export const MAX_WINDOW_MS = 3600_000;

export interface Limit {
  max: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the window ends, epoch seconds (Okta's X-Rate-Limit-Reset). */
  resetAt: number;
  /** Seconds until then, at least 1 (Retry-After). */
  retryAfter: number;
}

/**
 * Fixed-window limits aligned to the window length (every process agrees on the window without
 * talking to the others). Counters live only in the store, so processes on one database share them.
 */
export class RateLimiter {
  constructor(
    private readonly store: { rateLimits: Pick<RateLimitsRepository, 'hit' | 'counts'> },
    readonly clock: Clock,
  ) {}

  /** Counts one request in the bucket's window; allowed while the count is within the limit. */
  async consume(bucket: string, limit: Limit): Promise<RateLimitDecision> {
    const { now, windowStart } = this.window(limit);
    const count = await this.store.rateLimits.hit(bucket, windowStart);
    return decision(limit, now, windowStart, count, count <= limit.max);
  }

  /**
   * Reads buckets' windows without counting, in one read (limits on failures): each allowed while
   * fewer than its `max` were counted. The limits must share one window length.
   */
  async peek(checks: Array<{ bucket: string; limit: Limit }>): Promise<RateLimitDecision[]> {
    if (checks.length === 0) return [];
    const { now, windowStart } = this.window(checks[0].limit);
    if (checks.some((c) => c.limit.windowMs !== checks[0].limit.windowMs)) throw new RangeError('limits peeked together must share one window length');
    const counts = await this.store.rateLimits.counts(checks.map((c) => c.bucket), windowStart);
    return checks.map(({ limit }, i) => decision(limit, now, windowStart, counts[i], counts[i] < limit.max));
  }

  private window(limit: Limit): { now: number; windowStart: number } {
    if (!(limit.windowMs > 0 && limit.windowMs <= MAX_WINDOW_MS)) throw new RangeError(`rate limit window must be within (0, ${MAX_WINDOW_MS}] ms`);
    const now = this.clock.now();
    return { now, windowStart: now - (now % limit.windowMs) };
  }
}

function decision(limit: Limit, now: number, windowStart: number, count: number, allowed: boolean): RateLimitDecision {
  const windowEnd = windowStart + limit.windowMs;
  return {
    allowed,
    limit: limit.max,
    remaining: Math.max(0, limit.max - count),
    // Rounded up: a client that waits until resetAt must find the new window begun.
    resetAt: Math.ceil(windowEnd / 1000),
    retryAfter: Math.max(1, Math.ceil((windowEnd - now) / 1000)),
  };
}
