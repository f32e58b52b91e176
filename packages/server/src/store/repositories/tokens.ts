import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { AuthorizationCodesTable, RefreshTokensTable, TokenFamiliesTable } from '../schema.js';
import { fromJson, toJson } from '../json.js';
import { prepared } from '../prepared.js';

export interface AuthorizationCode {
  codeHash: string;
  /** The grant that may redeem it: authorization_code, or interaction_code for IDX sign-ins. */
  grantType: 'authorization_code' | 'interaction_code';
  clientId: string;
  serverId: string;
  userId: string;
  redirectUri: string | null;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  nonce: string | null;
  authTime: number;
  amr: string[];
  sessionId: string | null;
  expiresAt: number;
  createdAt: number;
}

/** One grant: the tokens issued from one authorization, revoked together. */
export interface TokenFamily {
  id: string;
  clientId: string;
  serverId: string;
  userId: string | null;
  grantType?: string | null;
  createdAt: number;
}

export interface RefreshToken {
  tokenHash: string;
  id: string;
  familyId: string;
  clientId: string;
  serverId: string;
  userId: string | null;
  scopes: string[];
  authTime: number | null;
  amr: string[];
  issuedAt: number;
  expiresAt: number | null;
  idleExpiresAt: number | null;
  rotatedAt: number | null;
  revokedAt: number | null;
}

/** A stored refresh token, with the sealed successor a rotated one keeps for its leeway (null otherwise). */
export interface StoredRefreshToken extends RefreshToken {
  successor: string | null;
}

const toRefresh = (r: Selectable<RefreshTokensTable>): StoredRefreshToken => ({
  tokenHash: r.token_hash, id: r.id, familyId: r.family_id, clientId: r.client_id, serverId: r.server_id, userId: r.user_id,
  scopes: fromJson(r.scopes, []), authTime: r.auth_time, amr: fromJson(r.amr, []), issuedAt: r.issued_at, expiresAt: r.expires_at,
  idleExpiresAt: r.idle_expires_at, rotatedAt: r.rotated_at, revokedAt: r.revoked_at, successor: r.successor,
});

/** A family younger than this is never purged: it is written a moment before its tokens are. */
const FAMILY_PURGE_MARGIN_MS = 3600_000;
/** How long a spent refresh token outlives its end before the purge deletes it. */
const SPENT_TOKEN_GRACE_MS = 60_000;

/** A successor answers retries within the leeway only: past it, or once revoked, it is dropped. */
const NO_SUCCESSOR = { successor: null, successor_expires_at: null };
const REVOKED = (now: number) => ({ revoked_at: now, ...NO_SUCCESSOR });

const insertCodeRow = prepared((db, r: Insertable<AuthorizationCodesTable>) => db.insertInto('authorization_codes').values({
  code_hash: r.code_hash, client_id: r.client_id, server_id: r.server_id, user_id: r.user_id, redirect_uri: r.redirect_uri,
  scopes: r.scopes, code_challenge: r.code_challenge, code_challenge_method: r.code_challenge_method, nonce: r.nonce,
  auth_time: r.auth_time, amr: r.amr, session_id: r.session_id, family_id: null, expires_at: r.expires_at,
  consumed_at: null, created_at: r.created_at, grant_type: r.grant_type,
}));
const consumeUnused = prepared((db, p: { codeHash: string; familyId: string; now: number }) => db.updateTable('authorization_codes')
  .set({ consumed_at: p.now, family_id: p.familyId }).where('code_hash', '=', p.codeHash).where('consumed_at', 'is', null).returningAll());
const insertFamilyRow = prepared((db, r: Insertable<TokenFamiliesTable>) => db.insertInto('token_families').values({
  id: r.id, client_id: r.client_id, server_id: r.server_id, user_id: r.user_id, grant_type: r.grant_type, created_at: r.created_at,
  revoked_at: null, revoked_reason: null,
}));
const insertAccessToken = prepared((db, p: { jti: string; familyId: string; expiresAt: number }) => db.insertInto('issued_access_tokens')
  .values({ jti: p.jti, family_id: p.familyId, expires_at: p.expiresAt }));

/** Codes, token families (one per grant), refresh tokens and access-token revocations. */
export class TokensRepository {
  constructor(private readonly db: Db) {}

  async insertCode(code: AuthorizationCode): Promise<void> {
    await insertCodeRow.execute(this.db, {
      code_hash: code.codeHash, client_id: code.clientId, server_id: code.serverId, user_id: code.userId, redirect_uri: code.redirectUri,
      scopes: toJson(code.scopes), code_challenge: code.codeChallenge, code_challenge_method: code.codeChallengeMethod, nonce: code.nonce,
      auth_time: code.authTime, amr: toJson(code.amr), session_id: code.sessionId, expires_at: code.expiresAt,
      created_at: code.createdAt, grant_type: code.grantType,
    });
  }

  /**
   * Marks the code used, naming the token family its tokens will belong to, and returns it; or
   * returns `{ reused }` when it was consumed before (with the family its first use named, so that
   * family can be revoked). One statement on success; one winner under races.
   */
  async consumeCode(codeHash: string, familyId: string, now: number): Promise<{ code: AuthorizationCode } | { reusedFamilyId: string | null } | undefined> {
    const row = await consumeUnused.first(this.db, { codeHash, familyId, now });
    if (!row) {
      const used = await this.db.selectFrom('authorization_codes').select('family_id').where('code_hash', '=', codeHash).executeTakeFirst();
      return used && { reusedFamilyId: used.family_id };
    }
    return {
      code: {
        codeHash: row.code_hash, grantType: row.grant_type as AuthorizationCode['grantType'], clientId: row.client_id, serverId: row.server_id, userId: row.user_id, redirectUri: row.redirect_uri,
        scopes: fromJson(row.scopes, []), codeChallenge: row.code_challenge, codeChallengeMethod: row.code_challenge_method, nonce: row.nonce,
        authTime: row.auth_time, amr: fromJson(row.amr, []), sessionId: row.session_id, expiresAt: row.expires_at, createdAt: row.created_at,
      },
    };
  }

  /** Spends every code of a user not yet redeemed (deactivation): none can start a grant later. */
  async voidCodesOfUser(userId: string, now: number): Promise<void> {
    await this.db.updateTable('authorization_codes').set({ consumed_at: now }).where('user_id', '=', userId).where('consumed_at', 'is', null).execute();
  }

  async insertFamily(f: TokenFamily): Promise<void> {
    await insertFamilyRow.execute(this.db, {
      id: f.id, client_id: f.clientId, server_id: f.serverId, user_id: f.userId, grant_type: f.grantType ?? null, created_at: f.createdAt,
    });
  }

  async findFamily(familyId: string): Promise<(TokenFamily & { revokedAt: number | null }) | undefined> {
    const r = await this.db.selectFrom('token_families').selectAll().where('id', '=', familyId).executeTakeFirst();
    return r && { id: r.id, clientId: r.client_id, serverId: r.server_id, userId: r.user_id, grantType: r.grant_type, createdAt: r.created_at, revokedAt: r.revoked_at };
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    const row = await this.db.selectFrom('token_families').select('revoked_at').where('id', '=', familyId).executeTakeFirst();
    return !row || row.revoked_at !== null;
  }

  /** Revokes a whole grant: its refresh tokens and the access tokens issued from it. */
  async revokeFamily(familyId: string, reason: string, now: number): Promise<void> {
    await this.db.updateTable('token_families').set({ revoked_at: now, revoked_reason: reason })
      .where('id', '=', familyId).where('revoked_at', 'is', null).execute();
    await this.db.updateTable('refresh_tokens').set(REVOKED(now)).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
  }

  /** Revokes every grant of a user (deactivation); answers how many were still live. */
  async revokeFamiliesOfUser(userId: string, reason: string, now: number): Promise<number> {
    const revoked = await this.db.updateTable('token_families').set({ revoked_at: now, revoked_reason: reason })
      .where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    await this.db.updateTable('refresh_tokens').set(REVOKED(now)).where('revoked_at', 'is', null)
      .where('family_id', 'in', (eb) => eb.selectFrom('token_families').select('id').where('user_id', '=', userId))
      .execute();
    return Number(revoked.numUpdatedRows);
  }

  async insertRefreshToken(t: RefreshToken): Promise<void> {
    await this.db.insertInto('refresh_tokens').values({
      token_hash: t.tokenHash, id: t.id, family_id: t.familyId, client_id: t.clientId, server_id: t.serverId, user_id: t.userId,
      scopes: toJson(t.scopes), auth_time: t.authTime, amr: toJson(t.amr), issued_at: t.issuedAt, expires_at: t.expiresAt,
      idle_expires_at: t.idleExpiresAt, rotated_at: t.rotatedAt, revoked_at: t.revokedAt, successor: null, successor_expires_at: null,
    }).execute();
  }

  async findRefreshToken(tokenHash: string): Promise<StoredRefreshToken | undefined> {
    const row = await this.db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && toRefresh(row);
  }

  /** Claims the right to rotate: true for exactly one caller, even across processes. */
  async markRotated(tokenHash: string, now: number): Promise<boolean> {
    const r = await this.db.updateTable('refresh_tokens').set({ rotated_at: now })
      .where('token_hash', '=', tokenHash).where('rotated_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Keeps a rotated token's sealed successor until `expiresAt` (its leeway's end), for retries. */
  async recordSuccessor(tokenHash: string, sealed: string, expiresAt: number): Promise<void> {
    await this.db.updateTable('refresh_tokens').set({ successor: sealed, successor_expires_at: expiresAt })
      .where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
  }

  async touchRefreshToken(tokenHash: string, idleExpiresAt: number | null): Promise<void> {
    await this.db.updateTable('refresh_tokens').set({ idle_expires_at: idleExpiresAt }).where('token_hash', '=', tokenHash).execute();
  }

  /** Remembers which grant an access token belongs to, so revoking the grant revokes it too. */
  async recordAccessToken(jti: string, familyId: string, expiresAt: number): Promise<void> {
    await insertAccessToken.execute(this.db, { jti, familyId, expiresAt });
  }

  async revokeAccessToken(jti: string, expiresAt: number): Promise<void> {
    await this.db.insertInto('revoked_tokens').values({ jti, expires_at: expiresAt }).onConflict((oc) => oc.column('jti').doNothing()).execute();
  }

  /** True when the access token was revoked by itself or with its grant. */
  async isAccessTokenRevoked(jti: string): Promise<boolean> {
    const revoked = await this.db.selectFrom('revoked_tokens').select('jti').where('jti', '=', jti).executeTakeFirst();
    if (revoked) return true;
    const issued = await this.db.selectFrom('issued_access_tokens').innerJoin('token_families', 'token_families.id', 'issued_access_tokens.family_id')
      .select('token_families.revoked_at').where('issued_access_tokens.jti', '=', jti).executeTakeFirst();
    return issued !== undefined && issued.revoked_at !== null;
  }

  /** Records a client assertion's jti; false when it was seen before (replay). */
  async useAssertion(clientId: string, jti: string, expiresAt: number): Promise<boolean> {
    const r = await this.db.insertInto('used_assertions').values({ client_id: clientId, jti, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['client_id', 'jti']).doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /**
   * Deletes rows that can no longer matter: expired codes, assertions and revocations, spent
   * refresh tokens, and then the token families nothing refers to any more.
   */
  async purgeExpired(now: number): Promise<void> {
    await this.db.deleteFrom('authorization_codes').where('expires_at', '<', now - 24 * 3600_000).execute();
    await this.db.deleteFrom('used_assertions').where('expires_at', '<', now).execute();
    await this.db.deleteFrom('revoked_tokens').where('expires_at', '<', now).execute();
    await this.db.deleteFrom('issued_access_tokens').where('expires_at', '<', now).execute();
    await this.db.updateTable('refresh_tokens').set(NO_SUCCESSOR).where('successor_expires_at', '<', now).execute();
    await this.purgeSpentRefreshTokens(now);
    await this.purgeEmptyFamilies(now);
  }

  /**
   * A revoked or expired (absolute or idle) refresh token is refused before rotation reuse is
   * checked, so it can never be accepted again nor revoke anything: it goes. A rotated token still
   * within its life stays, since its reuse is how a leak is detected. One statement per index:
   * SQLite scans the whole table for the three conditions OR-ed.
   */
  private async purgeSpentRefreshTokens(now: number): Promise<void> {
    // A grace minute: a refresh that found the token valid just before it expired still writes its
    // new token into a family the purge cannot have removed meanwhile.
    const before = now - SPENT_TOKEN_GRACE_MS;
    await this.db.deleteFrom('refresh_tokens').where('revoked_at', '<', before).execute();
    await this.db.deleteFrom('refresh_tokens').where('expires_at', '<', before).execute();
    await this.db.deleteFrom('refresh_tokens').where('idle_expires_at', '<', before).execute();
  }

  /**
   * A family with no refresh token and no access-token record left revokes nothing and is read by
   * nothing (a missing family counts as revoked; a reused code naming it revokes nothing): it goes.
   * Families are written a moment before their tokens, so young ones are left alone.
   */
  private async purgeEmptyFamilies(now: number): Promise<void> {
    await this.db.deleteFrom('token_families')
      .where('created_at', '<', now - FAMILY_PURGE_MARGIN_MS)
      .where(({ not, exists, selectFrom }) => not(exists(
        selectFrom('refresh_tokens').select('refresh_tokens.token_hash').whereRef('refresh_tokens.family_id', '=', 'token_families.id'),
      )))
      .where(({ not, exists, selectFrom }) => not(exists(
        selectFrom('issued_access_tokens').select('issued_access_tokens.jti').whereRef('issued_access_tokens.family_id', '=', 'token_families.id'),
      )))
      .execute();
  }
}
