import type { FastifyRequest } from 'fastify';
import { FailureLimits, rateLimit } from '../http/rateLimit.js';
import type { RateLimiter } from '../platform/rateLimiter.js';
import type { ClientAuthGuard } from './clientAuth.js';

/**
 * Failed client authentications (wrong secret, bad assertion, unknown client) allowed in a minute.
 * A client with its right credentials never fails, so 10 is a misconfigured or attacked client; the
 * one-minute window bounds how long an attacker can lock a client out. An address gets more (several
 * clients behind one NAT or proxy).
 */
const FAILURES_PER_CLIENT = { max: 10, windowMs: 60_000 };
const FAILURES_PER_ADDRESS = { max: 30, windowMs: 60_000 };

/**
 * Requests per address and minute. Okta documents org-wide limits of some thousands a minute for
 * these endpoints and no per-address ones; one address (which may be a NAT of many people) gets a
 * share well above what a person or an app makes: a sign-in is one /authorize or one /interact, and
 * JWT verifiers cache the keys (okta/jwt-verifier refetches only for an unknown key id).
 */
const AUTHORIZE_PER_ADDRESS = { max: 300, windowMs: 60_000 };
const INTERACT_PER_ADDRESS = { max: 300, windowMs: 60_000 };
const KEYS_PER_ADDRESS = { max: 600, windowMs: 60_000 };

/** The OAuth surface's limits, counted in the store so that every process shares them. */
export class OAuthLimits {
  /** Failures per address, then per client id. */
  private readonly clientAuthFailures: FailureLimits;
  readonly authorize;
  readonly interact;
  readonly keys;

  constructor(limiter: RateLimiter) {
    this.clientAuthFailures = new FailureLimits(limiter, [
      { name: 'client-auth-failures-ip', ...FAILURES_PER_ADDRESS }, { name: 'client-auth-failures', ...FAILURES_PER_CLIENT },
    ]);
    const perAddress = (request: FastifyRequest) => request.ip;
    this.authorize = rateLimit(limiter, { name: 'authorize-ip', ...AUTHORIZE_PER_ADDRESS, key: perAddress });
    this.interact = rateLimit(limiter, { name: 'interact-ip', ...INTERACT_PER_ADDRESS, key: perAddress });
    this.keys = rateLimit(limiter, { name: 'keys-ip', ...KEYS_PER_ADDRESS, key: perAddress });
  }

  /** The client-authentication guard for a request from `ip`. */
  clientAuth(ip: string): ClientAuthGuard {
    return {
      admit: (clientId) => this.clientAuthFailures.admit([ip, clientId || undefined]),
      failed: (clientId) => this.clientAuthFailures.failed([ip, clientId || undefined]),
    };
  }
}
