import type { FastifyRequest } from 'fastify';
import { invalidField } from '../http/apiError.js';
import type { Body } from '../http/requestBody.js';

/** A JSON object body, or none (`{}`). */
export function objectBody(request: FastifyRequest): Body {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw invalidField('body', 'must be a JSON object');
  return body as Body;
}
