import { sql } from 'kysely';
import type { Db } from '../database.js';

/** The devices (hashed device cookies) and networks each user signed in from successfully. */
export class SignInHistoryRepository {
  constructor(private readonly db: Db) {}

  async knows(userId: string, deviceHash: string | undefined, network: string): Promise<{ device: boolean; network: boolean }> {
    // One statement for both (this runs at every step of every sign-in).
    const networks = this.db.selectFrom('known_networks').select(sql<string>`'network'`.as('kind')).where('user_id', '=', userId).where('network', '=', network);
    const rows = deviceHash === undefined ? await networks.execute()
      : await this.db.selectFrom('known_devices').select(sql<string>`'device'`.as('kind')).where('user_id', '=', userId).where('device_hash', '=', deviceHash)
        .unionAll(networks).execute();
    return { device: rows.some((r) => r.kind === 'device'), network: rows.some((r) => r.kind === 'network') };
  }

  /** A successful sign-in from the device (when it has a cookie) and network. */
  async signedIn(userId: string, deviceHash: string | undefined, network: string, now: number): Promise<void> {
    if (deviceHash !== undefined) {
      await this.db.insertInto('known_devices').values({ user_id: userId, device_hash: deviceHash, last_seen_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'device_hash']).doUpdateSet({ last_seen_at: now })).execute();
    }
    await this.db.insertInto('known_networks').values({ user_id: userId, network, last_seen_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'network']).doUpdateSet({ last_seen_at: now })).execute();
  }
}
