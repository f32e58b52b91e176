import { sql } from 'kysely';
import type { Db } from '../database.js';
import { prepared } from '../prepared.js';

/** A device seen again keeps when it was remembered for MFA and asked to stay signed in, unless this sign-in sets them (not null). */
const deviceSeen = prepared((db, p: { userId: string; deviceHash: string; now: number; mfaRememberedAt: number | null; askedAt: number | null }) => db.insertInto('known_devices')
  .values({ user_id: p.userId, device_hash: p.deviceHash, last_seen_at: p.now, mfa_remembered_at: p.mfaRememberedAt, stay_signed_in_asked_at: p.askedAt })
  .onConflict((oc) => oc.columns(['user_id', 'device_hash']).doUpdateSet((eb) => ({
    last_seen_at: p.now,
    mfa_remembered_at: eb.fn.coalesce('excluded.mfa_remembered_at', 'known_devices.mfa_remembered_at'),
    stay_signed_in_asked_at: eb.fn.coalesce('excluded.stay_signed_in_asked_at', 'known_devices.stay_signed_in_asked_at'),
  }))));
const networkSeen = prepared((db, p: { userId: string; network: string; now: number }) => db.insertInto('known_networks').values({ user_id: p.userId, network: p.network, last_seen_at: p.now })
  .onConflict((oc) => oc.columns(['user_id', 'network']).doUpdateSet({ last_seen_at: p.now })));

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

  /**
   * A successful sign-in from the device (when it has a cookie) and network; `rememberMfa`: the device is remembered for MFA from now;
   * `askedToStaySignedIn`: the sign-in asked "Stay signed in?" on the device.
   */
  async signedIn(userId: string, deviceHash: string | undefined, network: string, now: number, rememberMfa = false, askedToStaySignedIn = false): Promise<void> {
    if (deviceHash !== undefined) {
      await deviceSeen.execute(this.db, { userId, deviceHash, now, mfaRememberedAt: rememberMfa ? now : null, askedAt: askedToStaySignedIn ? now : null });
    }
    await networkSeen.execute(this.db, { userId, network, now });
  }

  /** When the device was last remembered for the user's MFA, if it is. */
  async mfaRememberedAt(userId: string, deviceHash: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('known_devices').select('mfa_remembered_at').where('user_id', '=', userId).where('device_hash', '=', deviceHash).executeTakeFirst();
    return row?.mfa_remembered_at ?? undefined;
  }

  /** When the device was last asked "Stay signed in?" after a sign-in of the user, if ever. */
  async staySignedInAskedAt(userId: string, deviceHash: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('known_devices').select('stay_signed_in_asked_at').where('user_id', '=', userId).where('device_hash', '=', deviceHash).executeTakeFirst();
    return row?.stay_signed_in_asked_at ?? undefined;
  }

  /**
   * Forgets that the device (or, without one, every device of the user) was remembered for MFA, and that it was asked "Stay signed in?"
   * (Okta: ending the sessions resets Keep me signed in, so the next sign-in asks both again): sign-out, deactivation.
   */
  async forgetMfa(userId: string, deviceHash?: string): Promise<void> {
    let update = this.db.updateTable('known_devices').set({ mfa_remembered_at: null, stay_signed_in_asked_at: null }).where('user_id', '=', userId)
      .where((eb) => eb.or([eb('mfa_remembered_at', 'is not', null), eb('stay_signed_in_asked_at', 'is not', null)]));
    if (deviceHash !== undefined) update = update.where('device_hash', '=', deviceHash);
    await update.execute();
  }
}
