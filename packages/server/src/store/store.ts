import { sql } from 'kysely';
import { openDatabase, type Db, type Dialect } from './database.js';
import { migrateToLatest } from './migrate.js';
import { UsersRepository } from './repositories/users.js';
import { GroupsRepository } from './repositories/groups.js';
import { AppsRepository } from './repositories/apps.js';
import { AuthServersRepository } from './repositories/authServers.js';
import { PoliciesRepository } from './repositories/policies.js';
import { TrustedOriginsRepository } from './repositories/trustedOrigins.js';
import { SigningKeysRepository } from './repositories/signingKeys.js';
import { TokensRepository } from './repositories/tokens.js';
import { SettingsRepository } from './repositories/settings.js';
import { IdxTransactionsRepository } from './repositories/idxTransactions.js';
import { SessionsRepository } from './repositories/sessions.js';
import { OutboxRepository } from './repositories/outbox.js';
import { RateLimitsRepository } from './repositories/rateLimits.js';
import { IdentifierLockoutsRepository } from './repositories/identifierLockouts.js';
import { AuthenticatorEnrollmentsRepository } from './repositories/authenticatorEnrollments.js';
import { SessionTokensRepository } from './repositories/sessionTokens.js';
import { RecoveryTokensRepository } from './repositories/recoveryTokens.js';
import { EnrollmentGraceRepository } from './repositories/enrollmentGrace.js';
import { VerifyPushRepository } from './repositories/verifyPush.js';
import { EngineSignInsRepository } from './repositories/engineSignIns.js';
import { PasswordHistoryRepository } from './repositories/passwordHistory.js';
import { SignInHistoryRepository } from './repositories/signInHistory.js';
import { ActivationTokensRepository } from './repositories/activationTokens.js';
import { ApiTokensRepository } from './repositories/apiTokens.js';

/** The repositories over one connection or one transaction. */
export class Repositories {
  readonly users: UsersRepository;
  readonly groups: GroupsRepository;
  readonly apps: AppsRepository;
  readonly authServers: AuthServersRepository;
  readonly policies: PoliciesRepository;
  readonly trustedOrigins: TrustedOriginsRepository;
  readonly signingKeys: SigningKeysRepository;
  readonly tokens: TokensRepository;
  readonly settings: SettingsRepository;
  readonly idxTransactions: IdxTransactionsRepository;
  readonly sessions: SessionsRepository;
  readonly outbox: OutboxRepository;
  readonly rateLimits: RateLimitsRepository;
  readonly identifierLockouts: IdentifierLockoutsRepository;
  readonly authenticatorEnrollments: AuthenticatorEnrollmentsRepository;
  readonly sessionTokens: SessionTokensRepository;
  readonly enrollmentGrace: EnrollmentGraceRepository;
  readonly verifyPush: VerifyPushRepository;
  readonly engineSignIns: EngineSignInsRepository;
  readonly passwordHistory: PasswordHistoryRepository;
  readonly signInHistory: SignInHistoryRepository;
  readonly recoveryTokens: RecoveryTokensRepository;
  readonly activationTokens: ActivationTokensRepository;
  readonly apiTokens: ApiTokensRepository;

  constructor(readonly db: Db) {
    this.users = new UsersRepository(db);
    this.groups = new GroupsRepository(db);
    this.apps = new AppsRepository(db);
    this.authServers = new AuthServersRepository(db);
    this.policies = new PoliciesRepository(db);
    this.trustedOrigins = new TrustedOriginsRepository(db);
    this.signingKeys = new SigningKeysRepository(db);
    this.tokens = new TokensRepository(db);
    this.settings = new SettingsRepository(db);
    this.idxTransactions = new IdxTransactionsRepository(db);
    this.sessions = new SessionsRepository(db);
    this.outbox = new OutboxRepository(db);
    this.rateLimits = new RateLimitsRepository(db);
    this.identifierLockouts = new IdentifierLockoutsRepository(db);
    this.authenticatorEnrollments = new AuthenticatorEnrollmentsRepository(db);
    this.sessionTokens = new SessionTokensRepository(db);
    this.enrollmentGrace = new EnrollmentGraceRepository(db);
    this.verifyPush = new VerifyPushRepository(db);
    this.engineSignIns = new EngineSignInsRepository(db);
    this.passwordHistory = new PasswordHistoryRepository(db);
    this.signInHistory = new SignInHistoryRepository(db);
    this.recoveryTokens = new RecoveryTokensRepository(db);
    this.activationTokens = new ActivationTokensRepository(db);
    this.apiTokens = new ApiTokensRepository(db);
  }
}

/** The store: repositories, transactions, migrations and health of one database. */
export class Store extends Repositories {
  private constructor(db: Db, readonly dialect: Dialect) {
    super(db);
  }

  static open(databaseUrl: string): Store {
    const { db, dialect } = openDatabase(databaseUrl);
    return new Store(db, dialect);
  }

  migrate(): Promise<string[]> {
    return migrateToLatest(this.db);
  }

  /** Runs `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((tx) => work(new Repositories(tx)));
  }

  /**
   * A transaction that writes. On SQLite it takes the write lock at its start (BEGIN IMMEDIATE), on
   * one connection held throughout: a deferred one that reads before it writes fails (SQLITE_BUSY,
   * which busy_timeout does not wait out) when another process wrote in between.
   */
  writeTransaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    if (this.dialect !== 'sqlite') return this.transaction(work);
    return this.db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await work(new Repositories(connection));
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection);
        throw error;
      }
    });
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
