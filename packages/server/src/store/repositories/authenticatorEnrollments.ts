import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { AuthenticatorEnrollmentsTable } from '../schema.js';
import { fromJson, toJson } from '../json.js';
import { prepared } from '../prepared.js';

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
  /** The name the person gave it on the security methods page; absent: none. */
  nickname?: string;
  /** A WebAuthn credential: its id (base64url, unique) and COSE public key (base64url); absent for other kinds. */
  credentialId?: string | null;
  publicKey?: string | null;
}

const toEnrollment = (r: Selectable<AuthenticatorEnrollmentsTable>): AuthenticatorEnrollment => ({
  id: r.id, userId: r.user_id, authenticatorKey: r.authenticator_key, status: r.status as 'ACTIVE', profile: fromJson(r.profile, {}),
  sealedSecret: r.secret, createdAt: r.created_at, lastUsedAt: r.last_used_at, lastStep: r.last_step,
  ...(r.nickname !== null && { nickname: r.nickname }),
  ...(r.credential_id !== null && { credentialId: r.credential_id, publicKey: r.public_key }),
});

const ofUser = prepared((db, p: { userId: string }) => db.selectFrom('authenticator_enrollments').selectAll().where('user_id', '=', p.userId).orderBy('created_at').orderBy('id'));

export class AuthenticatorEnrollmentsRepository {
  constructor(private readonly db: Db) {}

  async insert(e: AuthenticatorEnrollment): Promise<void> {
    await this.db.insertInto('authenticator_enrollments').values({
      id: e.id, user_id: e.userId, authenticator_key: e.authenticatorKey, status: e.status, profile: toJson(e.profile),
      secret: e.sealedSecret, created_at: e.createdAt, last_used_at: e.lastUsedAt, last_step: e.lastStep, nickname: e.nickname ?? null,
      credential_id: e.credentialId ?? null, public_key: e.publicKey ?? null,
    }).execute();
  }

  /** All of a user's enrollments, oldest first: read once with the user, every authenticator decides from them. */
  async listOf(userId: string): Promise<AuthenticatorEnrollment[]> {
    const rows = await ofUser.rows(this.db, { userId });
    return rows.map(toEnrollment);
  }

  async findById(id: string): Promise<AuthenticatorEnrollment | undefined> {
    const row = await this.db.selectFrom('authenticator_enrollments').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toEnrollment(row);
  }

  /** Every enrollment of the org, by user then oldest first (the org file's export). */
  async all(): Promise<AuthenticatorEnrollment[]> {
    const rows = await this.db.selectFrom('authenticator_enrollments').selectAll().orderBy('user_id').orderBy('created_at').orderBy('id').execute();
    return rows.map(toEnrollment);
  }

  /** New profile and secret of an enrollment (an org file imported over it). */
  async replace(id: string, profile: Record<string, unknown>, sealedSecret: string | null): Promise<void> {
    await this.db.updateTable('authenticator_enrollments').set({ profile: toJson(profile), secret: sealedSecret }).where('id', '=', id).execute();
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

  /** Names (or, with null, unnames) one of the user's enrollments; false when the user has no such enrollment. */
  async rename(id: string, userId: string, nickname: string | null): Promise<boolean> {
    const r = await this.db.updateTable('authenticator_enrollments').set({ nickname }).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Removes one of the user's enrollments (its sealed secret goes with it); false when the user has no such enrollment. */
  async remove(id: string, userId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('authenticator_enrollments').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  /** The enrollment of a WebAuthn credential, whoever's it is (a passkey names its credential, not its user). */
  async findByCredentialId(credentialId: string): Promise<AuthenticatorEnrollment | undefined> {
    const r = await this.db.selectFrom('authenticator_enrollments').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
    return r && toEnrollment(r);
  }

  /**
   * Accepts a WebAuthn signature counter: one greater than the last accepted, or 0 again from an
   * authenticator that keeps no counter (it never counted). Anything else may be a cloned
   * authenticator or a replay and is refused. One conditional update: of two processes given the
   * same assertion, one wins.
   */
  async acceptCounter(id: string, counter: number, now: number): Promise<boolean> {
    const r = await this.db.updateTable('authenticator_enrollments').set({ last_step: counter, last_used_at: now }).where('id', '=', id)
      .where((eb) => (counter === 0 ? eb.or([eb('last_step', 'is', null), eb('last_step', '=', 0)]) : eb.or([eb('last_step', 'is', null), eb('last_step', '<', counter)])))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
