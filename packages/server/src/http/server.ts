import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from '../platform/logger.js';
import type { Store } from '../store/store.js';
import { handleClientError, handleError } from './errorHandler.js';
import { ApiError, apiErrorBody } from './apiError.js';
import { registerCors } from './cors.js';
import { ProxyTrust } from './proxyTrust.js';
import type { NetworkZone } from '../policy/networkZones.js';

/** How often the network zones' proxies are read again from the configuration cache. */
const ZONE_REFRESH_MS = 1000;

export interface HttpOptions {
  logger: Logger;
  bodyLimit: number;
  secure: boolean;
  trustProxy: boolean;
  /** When given, only these proxies' X-Forwarded-For is believed (instead of trustProxy's any). */
  trustedProxies?: string[];
  /** The org's IP network zones: their `proxies` are believed too (see ProxyTrust). */
  networkZones?: () => Promise<NetworkZone[]>;
  store: Store;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Request lines in the log: no query string (it may carry codes or tokens), no headers. */
const serializers = {
  req: (req: FastifyRequest) => ({ id: req.id, method: req.method, path: req.url.split('?')[0], remoteAddress: req.ip }),
};

/**
 * The HTTP shell shared by every surface: JSON logs with request ids, body limits, security headers,
 * CORS for trusted origins, health probes and the one error handler.
 */
export async function createHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const proxies = new ProxyTrust(options.trustedProxies === undefined && options.trustProxy, options.trustedProxies);
  const app = Fastify({
    loggerInstance: options.logger.child({}, { serializers }) as never,
    bodyLimit: options.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: proxies.trustProxy(),
    return503OnClosing: true,
    clientErrorHandler: handleClientError,
  }) as unknown as FastifyInstance;

  // The zones' proxies are refreshed beside the requests, not in their path (a hook awaiting them
  // cost about 1 ms of the JS thread per sign-in in bench/idx-login); the cache they come from is
  // itself revalidated once a second, so a change shows as soon as it did with the hook.
  const zones = options.networkZones;
  if (zones) {
    const refresh = () => zones().then((z) => proxies.refresh(z), () => undefined);
    await refresh();
    const timer = setInterval(refresh, ZONE_REFRESH_MS).unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }

  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('X-Okta-Request-Id', request.id);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    // No page may be framed, except one whose CSP names the origin that may (okta_post_message's hidden iframe).
    if (!/frame-ancestors (?!'none')/.test(String(reply.getHeader('Content-Security-Policy')))) reply.header('X-Frame-Options', 'DENY');
    if (options.secure) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    done(null, payload);
  });

  // Browsers may call the API only from trusted origins with the CORS scope (Okta's model), and only where a browser client needs it.
  registerCors(app, (origin) => options.store.trustedOrigins.findByOrigin(origin).then((t) => t?.scopes.includes('CORS') ?? false));

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(apiErrorBody(new ApiError(404, 'E0000007', `Not found: Resource not found: ${request.url.split('?')[0]} (Page)`), String(request.id)));
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await options.store.ping();
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database' });
    }
  });
  return app;
}
