import type { Db } from '../database.js';
import type { SigningKeysTable } from '../schema.js';

/**
 * active: the newest key, published, signing from `signsFrom` on; previous: replaced by a newer key,
 * still published so the tokens it signed verify; retired: no longer published.
 */
export type KeyStatus = 'active' | 'previous' | 'retired';

export interface SigningKey {
  kid: string;
  serverId: string;
  alg: string;
  status: KeyStatus;
  publicJwk: string;
  /** Sealed under the key-encryption key (a JSON JWK in stores older than that). */
  privateJwk: string;
  createdAt: number;
  /** It signs from then on, until a newer key does. */
  signsFrom: number;
  /** When the key that replaced it started (or starts) signing; null for the newest key. */
  signsUntil: number | null;
}

const toKey = (r: SigningKeysTable): SigningKey => ({
  kid: r.kid, serverId: r.server_id, alg: r.alg, status: r.status as KeyStatus, publicJwk: r.public_jwk, privateJwk: r.private_jwk,
  createdAt: r.created_at, signsFrom: r.signs_from, signsUntil: r.signs_until,
});

export class SigningKeysRepository {
  constructor(private readonly db: Db) {}

  /** Keys that verify tokens (active and previous), newest first. */
  async published(serverId: string): Promise<SigningKey[]> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().where('server_id', '=', serverId)
      .where('status', 'in', ['active', 'previous']).orderBy('created_at', 'desc').execute();
    return rows.map(toKey);
  }

  /** Every key of every server, retired ones included (their private keys are kept too). */
  async all(): Promise<SigningKey[]> {
    return (await this.db.selectFrom('signing_keys').selectAll().execute()).map(toKey);
  }

  async insert(key: SigningKey): Promise<void> {
    await this.db.insertInto('signing_keys').values({
      kid: key.kid, server_id: key.serverId, alg: key.alg, status: key.status, public_jwk: key.publicJwk, private_jwk: key.privateJwk, created_at: key.createdAt, retired_at: null,
      signs_from: key.signsFrom, signs_until: key.signsUntil,
    }).execute();
  }

  /** The active key becomes previous, signing until `until` (when its successor starts). False when the server had none. */
  async replaceActive(serverId: string, until: number): Promise<boolean> {
    const r = await this.db.updateTable('signing_keys').set({ status: 'previous', signs_until: until })
      .where('server_id', '=', serverId).where('status', '=', 'active').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Stops publishing these previous keys. Returns how many were retired. */
  async retire(serverId: string, kids: string[], now: number): Promise<number> {
    if (kids.length === 0) return 0;
    const r = await this.db.updateTable('signing_keys').set({ status: 'retired', retired_at: now })
      .where('server_id', '=', serverId).where('status', '=', 'previous').where('kid', 'in', kids).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Replaces a private key's stored form, only if it is still `from` (another process may have sealed it first). */
  async replacePrivateJwk(kid: string, from: string, to: string): Promise<void> {
    await this.db.updateTable('signing_keys').set({ private_jwk: to }).where('kid', '=', kid).where('private_jwk', '=', from).execute();
  }
}
