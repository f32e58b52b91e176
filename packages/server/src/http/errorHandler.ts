import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError, type OAuthErrorCode } from '../oauth/errors.js';
import { ApiError, apiErrorBody } from './apiError.js';
import { Messages, type Message } from '../vocabulary/messages.js';
import { renderTerminal, sendIon } from '../idx/render.js';
import { RateLimitedError, rateLimitHeaders } from './rateLimit.js';
import { sendErrorPage } from './errorPage.js';

const OAUTH_STATUS: Partial<Record<OAuthErrorCode, number>> = {
  invalid_client: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  server_error: 500,
  temporarily_unavailable: 503,
};

/** Fastify's own 4xx errors (bad JSON, wrong media type, body too large) as a protocol-level message. */
function requestProblem(error: FastifyError): { status: number; description: string } | undefined {
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) return undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return { status: 413, description: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return { status: 415, description: 'Unsupported content type.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return { status: 400, description: 'The request body is malformed.' };
    default: return { status, description: error.statusCode === 400 && error.message ? 'The request body is malformed.' : error.message };
  }
}

/**
 * The one place errors become HTTP responses. OAuth endpoints answer RFC 6749 JSON
 * (`error`, `error_description`); every other surface answers Okta's errorCode/errorSummary.
 */
export function handleError(this: unknown, error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const surface = request.routeOptions.config?.surface;
  const oauthSurface = surface === 'oauth';
  // The IDX surface answers every error as an ion response the client can read as its state.
  const idx = (status: number, message: Message) => sendIon(reply, status, renderTerminal([message]));
  if (error instanceof OAuthError) {
    const status = OAUTH_STATUS[error.code] ?? 400;
    if (status === 401 || status === 403) {
      const scheme = error.code === 'invalid_client' ? 'Basic realm="latchkey"' : `Bearer error="${error.code}", error_description="${error.description}"`;
      reply.header('WWW-Authenticate', scheme);
    }
    reply.code(status).header('Cache-Control', 'no-store').send({ error: error.code, error_description: error.description });
    return;
  }
  // Okta answers rate limits on every surface, OAuth included, with E0000047; a page a browser navigates to shows it.
  if (error instanceof RateLimitedError) {
    rateLimitHeaders(reply, error.decision);
    reply.header('Retry-After', error.decision.retryAfter);
    if (surface === 'idx') idx(429, Messages.tooManyRequests);
    else if (request.routeOptions.config?.page) sendErrorPage(reply, 429, 'too_many_requests', 'Too many requests from this address. Wait a moment, then try again.');
    else reply.code(429).send(apiErrorBody(error, String(request.id)));
    return;
  }
  if (error instanceof ApiError) {
    reply.code(error.status).send(apiErrorBody(error, String(request.id)));
    return;
  }
  const problem = requestProblem(error as FastifyError);
  if (problem) {
    // OAuth endpoints answer 400 invalid_request for any malformed request (RFC 6749 §5.2), 413 aside.
    if (oauthSurface) {
      reply.code(problem.status === 413 ? 413 : 400).send({ error: 'invalid_request', error_description: problem.description });
    } else if (surface === 'idx') {
      idx(problem.status, Messages.malformed);
    } else {
      reply.code(problem.status).send(apiErrorBody(new ApiError(problem.status, 'E0000003', `The request body was not well-formed: ${problem.description}`), String(request.id)));
    }
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  if (oauthSurface) reply.code(500).send({ error: 'server_error', error_description: 'An unexpected internal error occurred.' });
  else if (surface === 'idx') idx(500, Messages.internal);
  else reply.code(500).send(apiErrorBody(new ApiError(500, 'E0000009', 'Internal Server Error'), String(request.id)));
}

const CLIENT_ERRORS: Record<string, { status: number; summary: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, summary: 'Request header fields too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, summary: 'Request timeout.' },
};

/**
 * Errors node's HTTP parser raises before there is a request (headers too large, garbage, timeouts).
 * The socket is destroyed afterwards, so the answer says `Connection: close` (RFC 9112 §9.6): a keep-alive
 * client then opens a new connection for its next request instead of failing on this one.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, summary } = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, summary: 'Bad request.' };
  if (socket.writable) {
    const body = JSON.stringify(apiErrorBody(new ApiError(status, 'E0000003', `The request was not well-formed: ${summary}`), randomUUID()));
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
