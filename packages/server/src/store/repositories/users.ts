import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { UsersTable } from '../schema.js';
import { fromJson, toJson } from '../json.js';

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
}

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
});

/** Logins compare case-insensitively, as Okta's do: we store them lower-cased. */
export const normalizeLogin = (login: string): string => login.trim().toLowerCase();

export class UsersRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async findByLogin(login: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('login', '=', normalizeLogin(login)).executeTakeFirst();
    return row && toUser(row);
  }

  async list(): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('login').execute()).map(toUser);
  }

  async insert(user: User): Promise<void> {
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
    }).execute();
  }

  async update(id: string, changes: { status?: UserStatus; profile?: UserProfile; passwordHash?: string | null; passwordChangedAt?: number | null }, now: number): Promise<void> {
    await this.db.updateTable('users').set({
      ...(changes.status !== undefined && { status: changes.status }),
      ...(changes.profile !== undefined && { profile: toJson(changes.profile) }),
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
      ...(changes.passwordChangedAt !== undefined && { password_changed_at: changes.passwordChangedAt }),
      updated_at: now,
    }).where('id', '=', id).execute();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
