import { sql, SqliteAdapter, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Db } from '../database.js';
import type { Database, UsersTable } from '../schema.js';
import { fromJson, toJson } from '../json.js';
import { prepared } from '../prepared.js';
import { madeAfter } from '../cursor.js';

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
  /** When the status last changed; null: never (a user made STAGED and still so). */
  statusChangedAt: number | null;
  /** When the user first became ACTIVE; null: not yet. */
  activatedAt: number | null;
}

/**
 * A user as created: no sign-in history yet; the email unverified unless said. Their status dates
 * follow from the status (newUserStatusDates).
 */
export type NewUser = Omit<User, 'failedLogins' | 'lockedUntil' | 'emailVerifiedAt' | 'statusChangedAt' | 'activatedAt'> & { emailVerifiedAt?: number | null };

/** The statuses only a user once activated can be in (made in one of them, they are taken as activated when made). */
const ACTIVATED_STATUSES: ReadonlySet<UserStatus> = new Set(['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED']);

/**
 * The status dates of a user made in `status` at `createdAt`, as Okta answers a new user: a STAGED
 * one's status has not changed yet; made in any other, it changed when made.
 */
export const newUserStatusDates = (status: UserStatus, createdAt: number): Pick<User, 'statusChangedAt' | 'activatedAt'> => ({
  statusChangedAt: status === 'STAGED' ? null : createdAt,
  activatedAt: ACTIVATED_STATUSES.has(status) ? createdAt : null,
});

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
  statusChangedAt: r.status_changed_at,
  activatedAt: r.activated_at,
});

export type UserChanges = Partial<Pick<User, 'login' | 'status' | 'profile' | 'passwordHash' | 'passwordChangedAt' | 'emailVerifiedAt'>>;

/** What a condition on users looks at: a top-level property (dates as epoch ms) or a profile attribute (`profile.login` is the login). */
export type UserField = 'id' | 'status' | 'created' | 'activated' | 'statusChanged' | 'lastUpdated' | 'lastLogin' | 'passwordChanged' | `profile.${string}`;

/**
 * A condition on users, as Okta's `filter` and `search` express them: comparisons (text compares in
 * any case; `sw` starts with, `co` contains, `pr` has a value), all or any of several, or not one.
 */
export type UserCondition =
  | { all: UserCondition[] }
  | { any: UserCondition[] }
  | { not: UserCondition }
  | { field: UserField; op: 'eq' | 'gt' | 'ge' | 'lt' | 'le'; value: string | number }
  | { field: UserField; op: 'sw' | 'co'; value: string }
  | { field: UserField; op: 'pr' };

const COLUMNS = {
  id: 'id', status: 'status', created: 'created_at', activated: 'activated_at', statusChanged: 'status_changed_at',
  lastUpdated: 'updated_at', lastLogin: 'last_login_at', passwordChanged: 'password_changed_at',
} as const;
const COMPARISONS = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
/** A LIKE pattern's text, its wildcards and escape character taken literally. */
const likePattern = (text: string) => text.replace(/[!%_]/g, '!$&');

/** Logins compare case-insensitively, as Okta's do: we store them lower-cased. */
export const normalizeLogin = (login: string): string => login.trim().toLowerCase();

const byId = prepared((db, p: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', p.id));
const byLogin = prepared((db, p: { login: string }) => db.selectFrom('users').selectAll().where('login', '=', p.login));
/** A sign-in: its time, failures forgotten; a lock it finds over is lifted, a change of status (and of the user) at that time. */
const signedIn = prepared((db, p: { id: string; now: number }) => db.updateTable('users').set((eb) => ({
  failed_logins: 0, locked_until: null, last_login_at: p.now,
  status: eb.case().when('status', '=', 'LOCKED_OUT').then('ACTIVE').else(eb.ref('status')).end(),
  status_changed_at: eb.case().when('status', '=', 'LOCKED_OUT').then(p.now).else(eb.ref('status_changed_at')).end(),
  updated_at: eb.case().when('status', '=', 'LOCKED_OUT').then(p.now).else(eb.ref('updated_at')).end(),
})).where('id', '=', p.id));

/**
 * The columns a status change writes, in the statement that changes it: `status_changed_at` moves
 * only when the status differs from the row's (SQL reads the row as it was), and `activated_at` is
 * set the first time the user becomes ACTIVE. (Whether Okta moves `activated` when a deactivated
 * user is activated again is not known: Latchkey keeps the first date.)
 */
const statusChange = (status: UserStatus, now: number) => ({
  status,
  status_changed_at: sql<number>`CASE WHEN status = ${status} THEN status_changed_at ELSE ${now} END`,
  ...(status === 'ACTIVE' && { activated_at: sql<number>`coalesce(activated_at, ${now})` }),
});

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

  /**
   * At most `limit` users meeting `where`, in the order they were made (ids break ties), after the
   * user `after` (none when there is no such user).
   */
  async page(page: { limit: number; after?: string; where?: UserCondition }): Promise<User[]> {
    const cursor = page.after === undefined ? undefined : await this.findById(page.after);
    if (page.after !== undefined && !cursor) return [];
    let query = this.db.selectFrom('users').selectAll().limit(page.limit);
    if (page.where) query = query.where((eb) => this.condition(eb, page.where!));
    if (cursor) query = query.where(madeAfter(cursor));
    return (await query.orderBy('created_at').orderBy('id').execute()).map(toUser);
  }

  private condition(eb: ExpressionBuilder<Database, 'users'>, c: UserCondition): Expression<SqlBool> {
    if ('all' in c) return eb.and(c.all.map((part) => this.condition(eb, part)));
    if ('any' in c) return eb.or(c.any.map((part) => this.condition(eb, part)));
    if ('not' in c) return eb.not(this.condition(eb, c.not));
    const field = this.fieldExpression(c.field);
    if (c.op === 'pr') return sql<SqlBool>`${field} is not null`;
    if (typeof c.value === 'number') return sql<SqlBool>`${field} ${sql.raw(COMPARISONS[c.op as keyof typeof COMPARISONS])} ${c.value}`;
    // Ids are case-sensitive; other text compares in any case.
    const exact = c.field === 'id';
    const [text, value] = exact ? [sql`${field}`, c.value] : [sql`lower(${field})`, c.value.toLowerCase()];
    if (c.op === 'sw' || c.op === 'co') return sql<SqlBool>`${text} like ${`${c.op === 'co' ? '%' : ''}${likePattern(value)}%`} escape '!'`;
    return sql<SqlBool>`${text} ${sql.raw(COMPARISONS[c.op])} ${value}`;
  }

  /** A field's SQL: a column, or a profile attribute read from the profile's JSON (names are checked by the caller: letters, digits, _). */
  private fieldExpression(field: UserField) {
    if (field === 'profile.login') return sql.ref('login');
    if (!field.startsWith('profile.')) return sql.ref(COLUMNS[field as keyof typeof COLUMNS]);
    const name = field.slice('profile.'.length);
    return this.db.getExecutor().adapter instanceof SqliteAdapter ? sql`json_extract(profile, ${`$.${name}`})` : sql`(profile::jsonb ->> ${name})`;
  }

  /**
   * Removes the user for good, with everything that hangs on them: enrollments (and their Verify
   * tokens and push challenges), sessions, sessionTokens, codes, token families and their refresh
   * tokens and access-token records, sign-in transactions, password history, known devices and
   * networks, recovery and activation tokens, group memberships, API tokens acting for them, grace
   * periods. Run it in a transaction. Answers whether there was such a user.
   */
  async purge(id: string): Promise<boolean> {
    const db = this.db;
    const enrollments = db.selectFrom('authenticator_enrollments').select('id').where('user_id', '=', id);
    const families = db.selectFrom('token_families').select('id').where('user_id', '=', id);
    await db.deleteFrom('push_challenges').where('enrollment_id', 'in', enrollments).execute();
    await db.deleteFrom('issued_access_tokens').where('family_id', 'in', families).execute();
    await db.deleteFrom('refresh_tokens').where((eb) => eb.or([eb('user_id', '=', id), eb('family_id', 'in', families)])).execute();
    for (const table of ['verify_enrollment_tokens', 'authenticator_enrollments', 'enrollment_grace', 'authorization_codes', 'token_families', 'idx_transactions', 'sessions',
      'session_tokens', 'password_history', 'known_devices', 'known_networks', 'recovery_tokens', 'activation_tokens', 'api_tokens', 'group_members'] as const) {
      await db.deleteFrom(table).where('user_id', '=', id).execute();
    }
    const removed = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return removed.numDeletedRows > 0n;
  }

  async insert(user: NewUser): Promise<void> {
    const dates = newUserStatusDates(user.status, user.createdAt);
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
      status_changed_at: dates.statusChangedAt,
      activated_at: dates.activatedAt,
    }).execute();
  }

  async update(id: string, changes: UserChanges, now: number): Promise<void> {
    await this.db.updateTable('users').set({
      ...(changes.login !== undefined && { login: normalizeLogin(changes.login) }),
      ...(changes.status !== undefined && statusChange(changes.status, now)),
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
    await this.db.updateTable('users').set({ ...statusChange('LOCKED_OUT', now), locked_until: until, updated_at: now }).where('id', '=', id).execute();
  }

  /** An expired lock ends: the account is active again and its failures start over. */
  async unlock(id: string, now: number): Promise<void> {
    await this.db.updateTable('users').set({ status: 'ACTIVE', status_changed_at: now, failed_logins: 0, locked_until: null, updated_at: now })
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
