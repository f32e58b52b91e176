import type { FastifyRequest } from 'fastify';
import { FailureLimit, rateLimit } from '../http/rateLimit.js';
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
  private readonly failuresPerClient: FailureLimit;
  private readonly failuresPerAddress: FailureLimit;
  readonly authorize;
  readonly interact;
  readonly keys;

  constructor(limiter: RateLimiter) {
    this.failuresPerClient = new FailureLimit(limiter, 'client-auth-failures', FAILURES_PER_CLIENT);
    this.failuresPerAddress = new FailureLimit(limiter, 'client-auth-failures-ip', FAILURES_PER_ADDRESS);
    const perAddress = (request: FastifyRequest) => request.ip;
    this.authorize = rateLimit(limiter, { name: 'authorize-ip', ...AUTHORIZE_PER_ADDRESS, key: perAddress });
    this.interact = rateLimit(limiter, { name: 'interact-ip', ...INTERACT_PER_ADDRESS, key: perAddress });
    this.keys = rateLimit(limiter, { name: 'keys-ip', ...KEYS_PER_ADDRESS, key: perAddress });
  }

  /** The client-authentication guard for a request from `ip`. */
  clientAuth(ip: string): ClientAuthGuard {
    return {
      admit: async (clientId) => {
        await this.failuresPerAddress.admit(ip);
        if (clientId) await this.failuresPerClient.admit(clientId);
      },
      failed: async (clientId) => {
        await this.failuresPerAddress.failed(ip);
        if (clientId) await this.failuresPerClient.failed(clientId);
      },
    };
  }
}
