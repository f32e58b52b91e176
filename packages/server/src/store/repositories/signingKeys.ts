import type { Db } from '../database.js';

/** active: signs and is published; previous: only published, so tokens it signed still verify; retired: gone. */
export type KeyStatus = 'active' | 'previous' | 'retired';

export interface SigningKey {
  kid: string;
  serverId: string;
  alg: string;
  status: KeyStatus;
  publicJwk: string;
  privateJwk: string;
  createdAt: number;
}

export class SigningKeysRepository {
  constructor(private readonly db: Db) {}

  /** Keys that verify tokens (active and previous), newest first. */
  async published(serverId: string): Promise<SigningKey[]> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().where('server_id', '=', serverId)
      .where('status', 'in', ['active', 'previous']).orderBy('created_at', 'desc').execute();
    return rows.map((r) => ({ kid: r.kid, serverId: r.server_id, alg: r.alg, status: r.status as KeyStatus, publicJwk: r.public_jwk, privateJwk: r.private_jwk, createdAt: r.created_at }));
  }

  async insert(key: SigningKey): Promise<void> {
    await this.db.insertInto('signing_keys').values({
      kid: key.kid, server_id: key.serverId, alg: key.alg, status: key.status, public_jwk: key.publicJwk, private_jwk: key.privateJwk, created_at: key.createdAt, retired_at: null,
    }).execute();
  }

  async setStatus(serverId: string, from: KeyStatus, to: KeyStatus, now: number): Promise<number> {
    const r = await this.db.updateTable('signing_keys').set({ status: to, ...(to === 'retired' && { retired_at: now }) })
      .where('server_id', '=', serverId).where('status', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
