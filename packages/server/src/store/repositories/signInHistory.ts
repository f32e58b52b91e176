import type { Db } from '../database.js';

/** The devices (hashed device cookies) and networks each user signed in from successfully. */
export class SignInHistoryRepository {
  constructor(private readonly db: Db) {}

  async knows(userId: string, deviceHash: string | undefined, network: string): Promise<{ device: boolean; network: boolean }> {
    const [device, net] = await Promise.all([
      deviceHash === undefined ? undefined
        : this.db.selectFrom('known_devices').select('user_id').where('user_id', '=', userId).where('device_hash', '=', deviceHash).executeTakeFirst(),
      this.db.selectFrom('known_networks').select('user_id').where('user_id', '=', userId).where('network', '=', network).executeTakeFirst(),
    ]);
    return { device: device !== undefined, network: net !== undefined };
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
