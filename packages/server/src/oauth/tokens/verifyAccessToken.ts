import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { OAuthDeps } from '../deps.js';
import type { ServerContext } from '../serverContext.js';

/** An access token of this server that is signed by a published key, unexpired and not revoked; else undefined. */
export async function verifyAccessToken(deps: OAuthDeps, ctx: ServerContext, token: string): Promise<JWTPayload | undefined> {
  if (token.split('.').length !== 3) return undefined;
  try {
    const keys = await deps.keys.published(ctx.server.id);
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys }), {
      issuer: ctx.issuer, algorithms: ['RS256'], currentDate: new Date(deps.clock.now()),
    });
    if (typeof payload.jti !== 'string' || !payload.jti.startsWith('AT.')) return undefined;
    if (await deps.store.tokens.isAccessTokenRevoked(payload.jti)) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}
