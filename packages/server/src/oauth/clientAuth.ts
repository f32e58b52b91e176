import { createLocalJWKSet, jwtVerify, errors as joseErrors } from 'jose';
import type { App, ClientAuthMethod } from '../store/repositories/apps.js';
import { verifySecret } from '../platform/crypto.js';
import { Describe, OAuthError } from './errors.js';
import type { Params } from './params.js';
import type { OAuthDeps } from './deps.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
/** Okta refuses client assertions that live longer than an hour. */
const MAX_ASSERTION_LIFETIME_S = 3600;

/** Refuses clients (and addresses) with too many failed authentications, and counts each failure (see clientAuthLimits.ts). */
export interface ClientAuthGuard {
  admit(clientId: string): Promise<void>;
  failed(clientId: string | undefined): Promise<void>;
}

/** What the HTTP request says about its client: the Authorization header, and the failure limits that apply to it. */
export interface ClientCredentials {
  authorization: string | undefined;
  guard: ClientAuthGuard;
}

export interface ClientAuthInput extends ClientCredentials {
  params: Params;
  /** URLs a client assertion may name as its audience: the endpoint called and the issuer. */
  audiences: string[];
}

interface Presented {
  method: ClientAuthMethod;
  clientId: string;
  secret?: string;
  assertion?: string;
}

/** Which method the request used; more than one is an error (RFC 6749 §2.3). */
function presented({ params, authorization }: ClientAuthInput): Presented {
  const methods: Presented[] = [];
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      // Only a client id: okta-auth-js names a public client so when signOut() revokes its tokens, and Okta accepts it.
      methods.push({ method: 'none', clientId: decoded });
    } else {
      try {
        methods.push({ method: 'client_secret_basic', clientId: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) });
      } catch {
        throw new OAuthError('invalid_client', Describe.clientAuthFailed);
      }
    }
  }
  if (params.client_assertion !== undefined || params.client_assertion_type !== undefined) {
    if (params.client_assertion_type !== ASSERTION_TYPE || !params.client_assertion) {
      throw new OAuthError('invalid_client', `The client_assertion_type must be ${ASSERTION_TYPE} with a client_assertion.`);
    }
    methods.push({ method: 'private_key_jwt', clientId: assertionSubject(params.client_assertion) ?? params.client_id ?? '', assertion: params.client_assertion });
  }
  if (params.client_secret !== undefined) {
    methods.push({ method: 'client_secret_post', clientId: params.client_id ?? '', secret: params.client_secret });
  }
  if (methods.length > 1) throw new OAuthError('invalid_request', 'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.');
  if (methods.length === 1) {
    const m = methods[0];
    if (params.client_id && params.client_id !== m.clientId) throw new OAuthError('invalid_client', Describe.clientAuthFailed);
    return m;
  }
  if (!params.client_id) throw new OAuthError('invalid_client', Describe.clientAuthFailed);
  return { method: 'none', clientId: params.client_id };
}

function assertionSubject(assertion: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Authenticates the client of a token, introspection or revocation request with the method it was
 * registered for. Secrets are compared as hashes in constant time; assertion ids are single use.
 * Every failure counts against the client id and the caller's address; past their limits even the
 * right credentials are refused until the window ends (guessing gets nowhere).
 */
export async function authenticateClient(deps: OAuthDeps, input: ClientAuthInput): Promise<App> {
  let clientId: string | undefined;
  try {
    const p = presented(input);
    clientId = p.clientId;
    // Only a secret or a key can be guessed: a public client (method none) is not held back by failures.
    if (p.method !== 'none') await input.guard.admit(p.clientId);
    return await verifyClient(deps, p, input.audiences);
  } catch (error) {
    if (error instanceof OAuthError && error.code === 'invalid_client') await input.guard.failed(clientId);
    throw error;
  }
}

async function verifyClient(deps: OAuthDeps, p: Presented, audiences: string[]): Promise<App> {
  const app = p.clientId ? await deps.config.app(p.clientId) : undefined;
  if (!app || app.status !== 'ACTIVE') throw new OAuthError('invalid_client', Describe.unknownClient);
  if (app.tokenEndpointAuthMethod !== p.method) {
    if (app.tokenEndpointAuthMethod === 'none' || p.method === 'none' || p.method === 'private_key_jwt' || app.tokenEndpointAuthMethod === 'private_key_jwt') {
      throw new OAuthError('invalid_client', Describe.clientAuthFailed);
    }
    // client_secret_basic and client_secret_post are interchangeable, as Okta accepts either for a secret.
  }
  if (p.method === 'client_secret_basic' || p.method === 'client_secret_post') {
    if (!app.clientSecretHash || !verifySecret(p.secret ?? '', app.clientSecretHash)) {
      throw new OAuthError('invalid_client', Describe.badClientSecret);
    }
  }
  if (p.method === 'private_key_jwt') await verifyAssertion(deps, app, p.assertion!, audiences);
  return app;
}

async function verifyAssertion({ store, clock }: OAuthDeps, app: App, assertion: string, audiences: string[]): Promise<void> {
  if (!app.jwks) throw new OAuthError('invalid_client', 'The client has no registered keys for private_key_jwt.');
  const now = clock.now();
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(app.jwks), {
      issuer: app.clientId, subject: app.clientId, audience: audiences, algorithms: ASSERTION_ALGS,
      requiredClaims: ['exp', 'jti'], currentDate: new Date(now), clockTolerance: 30,
    }));
  } catch (error) {
    const reason = error instanceof joseErrors.JWTExpired ? 'The client_assertion token is expired.'
      : error instanceof joseErrors.JWTClaimValidationFailed ? `The client_assertion token has an invalid '${error.claim}' claim.`
      : 'The client_assertion signature is invalid.';
    throw new OAuthError('invalid_client', reason);
  }
  const exp = payload.exp! * 1000;
  if (exp - now > MAX_ASSERTION_LIFETIME_S * 1000) throw new OAuthError('invalid_client', "The client_assertion token has an expiration too far in the future.");
  if (!(await store.tokens.useAssertion(app.clientId, String(payload.jti), exp))) {
    throw new OAuthError('invalid_client', "The client_assertion token has already been used. The 'jti' claim must be unique.");
  }
}
