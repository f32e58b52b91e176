import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { corsAllowed } from './corsPaths.js';

const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const EXPOSED_HEADERS = 'X-Okta-Request-Id, X-Rate-Limit-Limit, X-Rate-Limit-Remaining, X-Rate-Limit-Reset, WWW-Authenticate';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS on the paths a browser client calls (corsPaths.ts), for the origins `trustedForCors` admits.
 *
 * A hook of our own rather than @fastify/cors: deciding by path needed the plugin's delegator, and
 * the plugin copies and normalizes whatever a delegator returns on every request (2–4 % of a token
 * request's JavaScript thread) for options that never change. The headers are the ones the plugin
 * wrote with those options (credentials, the exposed headers, the methods, a 10-minute preflight, the
 * requested headers echoed, strict preflights); test/e2e/cors.test.ts pins each of them.
 */
export function registerCors(app: FastifyInstance, trustedForCors: (origin: string) => Promise<boolean>): void {
  app.addHook('onRequest', (request, reply, done) => {
    // Every answer, CORS or not, depends on the Origin it was asked from: a shared cache must not hand one origin's answer to another.
    reply.header('Vary', 'Origin');
    const origin = request.headers.origin;
    if (!origin || !corsAllowed(request.url)) return done();
    trustedForCors(origin).then((trusted) => {
      if (!trusted) return done();
      reply.header('Access-Control-Allow-Origin', origin);
      reply.header('Access-Control-Allow-Credentials', 'true');
      reply.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      if (request.method === 'OPTIONS') answerPreflight(request, reply);
      else done();
    }, done);
  });
  // A preflight needs a route to reach the hook (ours answer no OPTIONS); those the hook did not answer are not found.
  app.options('*', (_request, reply) => reply.callNotFound());
}

/** Answers an allowed origin's preflight here, before any other hook or handler (a browser sends it without credentials). */
function answerPreflight(request: FastifyRequest, reply: FastifyReply): void {
  if (!request.headers['access-control-request-method']) {
    reply.code(400).type('text/plain').send('Invalid Preflight Request');
    return;
  }
  reply.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
  // The headers asked for are allowed as asked (the SDKs add their own), so the answer varies by them too.
  reply.header('Vary', 'Origin, Access-Control-Request-Headers');
  const asked = request.headers['access-control-request-headers'];
  if (asked !== undefined) reply.header('Access-Control-Allow-Headers', asked);
  reply.header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
  // Some browsers (Safari) wait for a body on a 204 unless told there is none.
  reply.code(204).header('Content-Length', '0').send();
}
