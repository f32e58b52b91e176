import { OAuthError } from './errors.js';

export type Params = Record<string, string | undefined>;

/**
 * The form parameters of an OAuth request. RFC 6749 §3.2: parameters must not repeat, and the
 * body must be application/x-www-form-urlencoded (checked by the route's content-type parser).
 */
export function readParams(body: unknown): Params {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object') throw new OAuthError('invalid_request', 'The request body must be application/x-www-form-urlencoded.');
  const params: Params = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(value)) throw new OAuthError('invalid_request', `The '${key}' parameter must not be repeated.`);
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `The '${key}' parameter is malformed.`);
    params[key] = value;
  }
  return params;
}

export function required(params: Params, name: string): string {
  const value = params[name];
  if (!value) throw new OAuthError('invalid_request', `The '${name}' parameter is required.`);
  return value;
}

/** Space-separated scope list; duplicates removed, order kept. */
export function parseScopes(scope: string | undefined): string[] {
  return scope ? [...new Set(scope.split(' ').filter(Boolean))] : [];
}
