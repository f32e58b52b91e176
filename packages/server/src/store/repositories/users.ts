import { sql, type Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { UsersTable } from '../schema.js';
import { fromJson, toJson } from '../json.js';
import { prepared } from '../prepared.js';

export type UserStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'SUSPENDED' | 'DEPROVISIONED';

export interface UserProfile {
  login: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  [attribute: string]: unknown;
}

export interface User {
  id: string;
  login: string;
  status: UserStatus;
  profile: UserProfile;
  passwordHash: string | null;
  passwordChangedAt: number | null;
  createdAt: number;
  updatedAt: number;
  lastLoginAt: number | null;
  /** Password failures since the last success (password policy lockout). */
  failedLogins: number;
  /** Locked out until then (auto-unlock); null when not locked. */
  lockedUntil: number | null;
  /** When the profile's email address was verified (the email authenticator is enrolled); null: not yet. */
  emailVerifiedAt: number | null;
}

/** A user as created: no sign-in history yet; the email unverified unless said. */
export type NewUser = Omit<User, 'failedLogins' | 'lockedUntil' | 'emailVerifiedAt'> & { emailVerifiedAt?: number | null };

const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  login: r.login,
  status: r.status as UserStatus,
  profile: fromJson<UserProfile>(r.profile, { login: r.login }),
  passwordHash: r.password_hash,
  passwordChangedAt: r.password_changed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastLoginAt: r.last_login_at,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until,
  emailVerifiedAt: r.email_verified_at,
});

export type UserChanges = Partial<Pick<User, 'status' | 'profile' | 'passwordHash' | 'passwordChangedAt' | 'emailVerifiedAt'>>;

/** Logins compare case-insensitively, as Okta's do: we store them lower-cased. */
export const normalizeLogin = (login: string): string => login.trim().toLowerCase();

const byId = prepared((db, p: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', p.id));
const byLogin = prepared((db, p: { login: string }) => db.selectFrom('users').selectAll().where('login', '=', p.login));
const signedIn = prepared((db, p: { id: string; now: number }) => db.updateTable('users').set((eb) => ({
  failed_logins: 0, locked_until: null, last_login_at: p.now,
  status: eb.case().when('status', '=', 'LOCKED_OUT').then('ACTIVE').else(eb.ref('status')).end(),
})).where('id', '=', p.id));

export class UsersRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<User | undefined> {
    const row = await byId.first(this.db, { id });
    return row && toUser(row);
  }

  async findByLogin(login: string): Promise<User | undefined> {
    const row = await byLogin.first(this.db, { login: normalizeLogin(login) });
    return row && toUser(row);
  }

  async list(): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('login').execute()).map(toUser);
  }

  async insert(user: NewUser): Promise<void> {
    await this.db.insertInto('users').values({
      id: user.id,
      login: normalizeLogin(user.login),
      status: user.status,
      profile: toJson(user.profile),
      password_hash: user.passwordHash,
      password_changed_at: user.passwordChangedAt,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
      last_login_at: user.lastLoginAt,
      email_verified_at: user.emailVerifiedAt ?? null,
    }).execute();
  }

  async update(id: string, changes: UserChanges, now: number): Promise<void> {
    await this.db.updateTable('users').set({
      ...(changes.status !== undefined && { status: changes.status }),
      ...(changes.profile !== undefined && { profile: toJson(changes.profile) }),
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
      ...(changes.passwordChangedAt !== undefined && { password_changed_at: changes.passwordChangedAt }),
      ...(changes.emailVerifiedAt !== undefined && { email_verified_at: changes.emailVerifiedAt }),
      updated_at: now,
    }).where('id', '=', id).execute();
  }

  /**
   * Counts a failed password; answers the failures so far (atomic across processes). Failures
   * before `forgetBefore` no longer count: the last one that old starts the count over.
   */
  async recordFailedLogin(id: string, now: number, forgetBefore: number): Promise<number> {
    const row = await this.db.updateTable('users').set({
      failed_logins: sql<number>`CASE WHEN last_failed_login_at < ${forgetBefore} THEN 1 ELSE failed_logins + 1 END`,
      last_failed_login_at: now,
    }).where('id', '=', id).returning('failed_logins').executeTakeFirst();
    return row?.failed_logins ?? 0;
  }

  /** The password failures since the last success, when the latest was at or after `since` (else 0): the risk scorer's velocity. */
  async recentFailures(id: string, since: number): Promise<number> {
    const row = await this.db.selectFrom('users').select(['failed_logins', 'last_failed_login_at']).where('id', '=', id).executeTakeFirst();
    return row && row.last_failed_login_at !== null && Number(row.last_failed_login_at) >= since ? Number(row.failed_logins) : 0;
  }

  async lockOut(id: string, until: number, now: number): Promise<void> {
    await this.db.updateTable('users').set({ status: 'LOCKED_OUT', locked_until: until, updated_at: now }).where('id', '=', id).execute();
  }

  /** An expired lock ends: the account is active again and its failures start over. */
  async unlock(id: string, now: number): Promise<void> {
    await this.db.updateTable('users').set({ status: 'ACTIVE', failed_logins: 0, locked_until: null, updated_at: now })
      .where('id', '=', id).where('status', '=', 'LOCKED_OUT').execute();
  }

  /** A successful sign-in: failures forgotten, an expired lock lifted. */
  async recordLogin(id: string, now: number): Promise<void> {
    await signedIn.execute(this.db, { id, now });
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
