import { createHash } from 'node:crypto';
import type { App } from '../../store/repositories/apps.js';
import type { AccessRule } from '../../store/repositories/authServers.js';
import type { User } from '../../store/repositories/users.js';
import type { Store } from '../../store/store.js';
import type { KeyService } from '../../org/keys.js';
import { toEpochSeconds, type Clock } from '../../platform/clock.js';
import { hashSecret } from '../../platform/crypto.js';
import { newId, newSecret } from '../../platform/ids.js';
import type { ServerContext } from '../serverContext.js';
import { signJwt } from './jws.js';
import { ID_TOKEN_LIFETIME_SECONDS } from './lifetimes.js';
import { customClaims } from './customClaims.js';
import { fullName } from './userClaims.js';

/** The subject of a grant: a signed-in user, or nobody for client_credentials. */
export interface Subject {
  user: User;
  groups: string[];
  authTime: number;
  amr: string[];
}

export interface IssueRequest {
  ctx: ServerContext;
  app: App;
  rule: AccessRule;
  scopes: string[];
  grantType: string;
  subject?: Subject;
  nonce?: string | null;
  /** Continue this grant (refresh); otherwise a user grant starts a new family. */
  familyId?: string;
  /** The id the new family takes (a code's redemption names it beforehand); a new one otherwise. */
  newFamilyId?: string;
  /** Scopes of the grant, when the access token asks fewer (a refresh with `scope`): the refresh token keeps these (RFC 6749 §6). */
  grantScopes?: string[];
  /** The caller keeps its refresh token (STATIC rotation): issue no new one. */
  keepRefreshToken?: boolean;
  /** Absolute expiry carried over from the refresh token being rotated. */
  refreshExpiresAt?: number | null;
}

export interface Issued {
  body: TokenResponse;
  /** The grant the tokens belong to (user grants only), to revoke them together later. */
  familyId?: string;
}

export interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

/** Builds and signs access and ID tokens and stores refresh tokens, with Okta's claims. */
export class TokenIssuer {
  /** `orgId` is the identity provider of users stored in this org: the ID token's `idp` claim. */
  constructor(private readonly store: Store, private readonly keys: KeyService, private readonly clock: Clock, private readonly orgId: string) {}

  async issue(req: IssueRequest): Promise<Issued> {
    const { ctx, app, rule, scopes, subject } = req;
    const now = this.clock.now();
    const iat = toEpochSeconds(now);
    const expiresIn = rule.accessTokenLifetimeMinutes * 60;
    const grantScopes = req.grantScopes ?? scopes;
    const wantsRefresh = !req.keepRefreshToken && subject !== undefined && grantScopes.includes('offline_access') && app.grantTypes.includes('refresh_token');
    // Every user grant is a family, so a replayed code or refresh token can revoke all it produced.
    const familyId = subject ? await this.family(req, now) : undefined;
    const key = await this.keys.active(ctx.server.id);

    const jti = `AT.${newSecret(32)}`;
    const audiences = ctx.server.audiences;
    const claimCtx = { user: subject?.user, groups: subject?.groups ?? [], clientId: app.clientId, scopes };
    const accessPayload: Record<string, unknown> = {
      ver: 1, jti, iss: ctx.issuer, aud: audiences.length === 1 ? audiences[0] : audiences, iat, exp: iat + expiresIn, cid: app.clientId,
      ...(subject && { uid: subject.user.id }),
      scp: scopes,
      ...(subject && { auth_time: toEpochSeconds(subject.authTime) }),
      sub: subject ? subject.user.login : app.clientId,
      ...customClaims(ctx.server.claims, 'RESOURCE', claimCtx),
    };
    const accessToken = await signJwt(accessPayload, key);
    if (familyId) await this.store.tokens.recordAccessToken(jti, familyId, (iat + expiresIn) * 1000);

    const response: TokenResponse = { token_type: 'Bearer', expires_in: expiresIn, access_token: accessToken, scope: scopes.join(' ') };
    if (familyId && wantsRefresh) response.refresh_token = await this.refreshToken(req, familyId, now);
    if (subject && scopes.includes('openid')) {
      response.id_token = await signJwt(this.idTokenPayload(req, subject, iat, accessToken), key);
    }
    return { body: response, familyId };
  }

  private async family(req: IssueRequest, now: number): Promise<string> {
    if (req.familyId) return req.familyId;
    const id = req.newFamilyId ?? newId('tokenFamily');
    await this.store.tokens.insertFamily({ id, clientId: req.app.clientId, serverId: req.ctx.server.id, userId: req.subject?.user.id ?? null, grantType: req.grantType, createdAt: now });
    return id;
  }

  private async refreshToken(req: IssueRequest, familyId: string, now: number): Promise<string> {
    const token = newSecret(32);
    const { rule, subject } = req;
    const expiresAt = req.refreshExpiresAt !== undefined ? req.refreshExpiresAt
      : rule.refreshTokenLifetimeMinutes === null ? null : now + rule.refreshTokenLifetimeMinutes * 60_000;
    await this.store.tokens.insertRefreshToken({
      tokenHash: hashSecret(token), id: `rt${newSecret(15)}`, familyId, clientId: req.app.clientId, serverId: req.ctx.server.id,
      userId: subject?.user.id ?? null, scopes: req.grantScopes ?? req.scopes, authTime: subject?.authTime ?? null, amr: subject?.amr ?? [],
      issuedAt: now, expiresAt, idleExpiresAt: now + rule.refreshTokenWindowMinutes * 60_000, rotatedAt: null, revokedAt: null,
    });
    return token;
  }

  /** OIDC Core §2 ID token, thin as Okta issues it next to an access token; at_hash binds the two. */
  private idTokenPayload(req: IssueRequest, subject: Subject, iat: number, accessToken: string): Record<string, unknown> {
    const { user } = subject;
    const { scopes } = req;
    const digest = createHash('sha256').update(accessToken).digest();
    return {
      sub: user.id,
      ...(scopes.includes('profile') && fullName(user) !== undefined && { name: fullName(user) }),
      ...(scopes.includes('email') && user.profile.email !== undefined && { email: user.profile.email }),
      ver: 1,
      iss: req.ctx.issuer,
      aud: req.app.clientId,
      iat,
      exp: iat + ID_TOKEN_LIFETIME_SECONDS,
      jti: `ID.${newSecret(32)}`,
      amr: subject.amr,
      idp: this.orgId,
      ...(req.nonce && { nonce: req.nonce }),
      ...(scopes.includes('profile') && { preferred_username: user.login }),
      auth_time: toEpochSeconds(subject.authTime),
      at_hash: digest.subarray(0, digest.length / 2).toString('base64url'),
      ...customClaims(req.ctx.server.claims, 'IDENTITY', { user, groups: subject.groups, clientId: req.app.clientId, scopes }),
    };
  }
}
