import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { SessionsTable } from '../schema.js';
import { fromJson, toJson } from '../json.js';
import type { Verification } from './idxTransactions.js';
import { prepared } from '../prepared.js';

export interface Session {
  idHash: string;
  userId: string;
  /** Authenticators verified in this session, each with when it last was. */
  verified: Verification[];
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  idleExpiresAt: number;
  revokedAt: number | null;
}

const toSession = (r: Selectable<SessionsTable>): Session => ({
  idHash: r.id_hash, userId: r.user_id, verified: fromJson(r.verified, []), createdAt: r.created_at, lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at, idleExpiresAt: r.idle_expires_at, revokedAt: r.revoked_at,
});

const insertSession = prepared((db, r: Insertable<SessionsTable>) => db.insertInto('sessions').values({
  id_hash: r.id_hash, user_id: r.user_id, verified: r.verified, created_at: r.created_at, last_seen_at: r.last_seen_at,
  expires_at: r.expires_at, idle_expires_at: r.idle_expires_at, revoked_at: r.revoked_at,
}));

export class SessionsRepository {
  constructor(private readonly db: Db) {}

  async insert(s: Session): Promise<void> {
    await insertSession.execute(this.db, {
      id_hash: s.idHash, user_id: s.userId, verified: toJson(s.verified), created_at: s.createdAt, last_seen_at: s.lastSeenAt,
      expires_at: s.expiresAt, idle_expires_at: s.idleExpiresAt, revoked_at: s.revokedAt,
    });
  }

  async find(idHash: string): Promise<Session | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return row && toSession(row);
  }

  /** The sessions whose hash begins with `prefix` (22 characters: the public id's; migration 0031 indexes it). */
  async findByHashPrefix(prefix: string): Promise<Session[]> {
    const rows = await this.db.selectFrom('sessions').selectAll().where(sql<string>`substr(id_hash, 1, 22)`, '=', prefix).execute();
    return rows.map(toSession);
  }

  /** Records a new sign-in in the session: its factors and a fresh idle deadline. */
  async touch(idHash: string, verified: Verification[], now: number, idleExpiresAt: number): Promise<void> {
    await this.db.updateTable('sessions').set({ verified: toJson(verified), last_seen_at: now, idle_expires_at: idleExpiresAt })
      .where('id_hash', '=', idHash).execute();
  }

  async revoke(idHash: string, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: now }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
  }

  /** Ends every live session of a user (deactivation); answers how many there were. */
  async revokeAllOf(userId: string, now: number): Promise<number> {
    const r = await this.db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null)
      .where('expires_at', '>', now).where('idle_expires_at', '>', now).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async purgeExpired(now: number): Promise<void> {
    await this.db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<', now), eb('idle_expires_at', '<', now)])).execute();
  }
}
