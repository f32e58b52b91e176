import type { Store } from '../store/store.js';
import type { App } from '../store/repositories/apps.js';
import type { AuthorizationCode } from '../store/repositories/tokens.js';
import type { Clock } from '../platform/clock.js';
import { hashSecret } from '../platform/crypto.js';
import { newSecret } from '../platform/ids.js';
import { CHALLENGE } from './pkce.js';
import { Describe, OAuthError } from './errors.js';

/** Codes live one minute (RFC 6749 §4.1.2 recommends at most ten; Okta uses sixty seconds). */
export const CODE_LIFETIME_MS = 60_000;

/** What the engine knows at the end of a sign-in; the code itself, its hash and times are added here. */
export type CodeGrant = Omit<AuthorizationCode, 'codeHash' | 'grantType' | 'nonce' | 'sessionId' | 'expiresAt' | 'createdAt'> & {
  grantType?: AuthorizationCode['grantType'];
  nonce?: string | null;
  sessionId?: string | null;
};

/**
 * The engine's way to end a successful authentication: a single-use code the client redeems at
 * /token (authorization_code, and interaction_code which shares this store). Only its hash is kept.
 * `app` is the grant's client as the caller found it (undefined: unknown).
 */
export async function issueAuthorizationCode(store: Store, clock: Clock, app: App | undefined, grant: CodeGrant): Promise<string> {
  if (grant.codeChallenge !== null && (grant.codeChallengeMethod !== 'S256' || !CHALLENGE.test(grant.codeChallenge))) {
    throw new OAuthError('invalid_request', "PKCE code challenge method must be S256 with a 43-character 'code_challenge'.");
  }
  if (!app || app.clientId !== grant.clientId || app.status !== 'ACTIVE') throw new OAuthError('invalid_client', Describe.unknownClient);
  // Redirect URIs match exactly (RFC 9700 §4.1.3): no prefix, wildcard or normalization.
  if (grant.redirectUri !== null && !app.redirectUris.includes(grant.redirectUri)) {
    throw new OAuthError('invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings");
  }
  const code = newSecret(32);
  const now = clock.now();
  await store.tokens.insertCode({
    codeHash: hashSecret(code), grantType: grant.grantType ?? 'authorization_code', clientId: grant.clientId, serverId: grant.serverId, userId: grant.userId, redirectUri: grant.redirectUri,
    scopes: grant.scopes, codeChallenge: grant.codeChallenge, codeChallengeMethod: grant.codeChallengeMethod, nonce: grant.nonce ?? null,
    authTime: grant.authTime, amr: grant.amr, sessionId: grant.sessionId ?? null, expiresAt: now + CODE_LIFETIME_MS, createdAt: now,
  });
  return code;
}
