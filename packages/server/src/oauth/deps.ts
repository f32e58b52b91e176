import type { FastifyReply } from 'fastify';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { KeyService } from '../org/keys.js';
import type { ConfigCache } from '../org/configCache.js';
import type { TokenIssuer } from './tokens/issuer.js';
import type { SignInEngine } from '../engine/engine.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import type { KeyEncryption } from '../platform/keyEncryption.js';

/** What the OAuth endpoints need from the rest of Latchkey. */
export interface OAuthDeps {
  store: Store;
  /** Apps and authorization servers, cached per process (see ConfigCache). */
  config: ConfigCache;
  clock: Clock;
  keys: KeyService;
  tokens: TokenIssuer;
  /** Starts interactions at /interact. */
  signIn: SignInEngine;
  baseUrl: string;
  events: SecurityEventSink;
  /** Seals rotated refresh tokens' successors (see tokens/successorSealing.ts). */
  successorSeal: KeyEncryption;
  /** Shows the hosted sign-in page that continues the sign-in /authorize began (the hosted surface's, given by app.ts). */
  signInPage: (reply: FastifyReply, start: { stateToken?: string; classic?: boolean; fromURI?: string; username?: string }) => Promise<FastifyReply>;
}
