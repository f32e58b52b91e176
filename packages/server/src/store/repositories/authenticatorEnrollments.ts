import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { AuthenticatorEnrollmentsTable } from '../schema.js';
import { fromJson, toJson } from '../json.js';

/** A user's enrollment of an authenticator kept outside the users table (`pae…`, as Okta's ids). */
export interface AuthenticatorEnrollment {
  id: string;
  userId: string;
  authenticatorKey: string;
  status: 'ACTIVE';
  profile: Record<string, unknown>;
  /** Sealed (KeyEncryption, context: the enrollment id); never the secret in clear. */
  sealedSecret: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  lastStep: number | null;
}

const toEnrollment = (r: Selectable<AuthenticatorEnrollmentsTable>): AuthenticatorEnrollment => ({
  id: r.id, userId: r.user_id, authenticatorKey: r.authenticator_key, status: r.status as 'ACTIVE', profile: fromJson(r.profile, {}),
  sealedSecret: r.secret, createdAt: r.created_at, lastUsedAt: r.last_used_at, lastStep: r.last_step,
});

export class AuthenticatorEnrollmentsRepository {
  constructor(private readonly db: Db) {}

  async insert(e: AuthenticatorEnrollment): Promise<void> {
    await this.db.insertInto('authenticator_enrollments').values({
      id: e.id, user_id: e.userId, authenticator_key: e.authenticatorKey, status: e.status, profile: toJson(e.profile),
      secret: e.sealedSecret, created_at: e.createdAt, last_used_at: e.lastUsedAt, last_step: e.lastStep,
    }).execute();
  }

  /** All of a user's enrollments, oldest first: read once with the user, every authenticator decides from them. */
  async listOf(userId: string): Promise<AuthenticatorEnrollment[]> {
    const rows = await this.db.selectFrom('authenticator_enrollments').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toEnrollment);
  }

  async findById(id: string): Promise<AuthenticatorEnrollment | undefined> {
    const row = await this.db.selectFrom('authenticator_enrollments').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toEnrollment(row);
  }

  /**
   * Accepts a time step once: true when it is later than any accepted before (then it is recorded
   * with the use). One conditional update, so two processes given the same code cannot both accept it.
   */
  async acceptStep(id: string, step: number, now: number): Promise<boolean> {
    const r = await this.db.updateTable('authenticator_enrollments').set({ last_step: step, last_used_at: now }).where('id', '=', id)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)])).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
