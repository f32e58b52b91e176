import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { User } from '../store/repositories/users.js';
import { EVERYONE } from '../store/repositories/groups.js';
import type { Store } from '../store/store.js';
import type { Person } from '../policy/people.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import { signInSignals, type SignInSignals } from './signInSignals.js';

/** Someone not identified yet: policies for everyone apply. */
export const ANYONE: Person = { id: '', groups: [EVERYONE] };

interface Memo<T> {
  userId: string;
  value: Promise<T>;
}

/**
 * The user a transaction identified and their groups, read at most once per request. Each request
 * loads its own transaction object, so memos keyed by that object last exactly one request; each
 * remembers whose it is, so identify or cancel changing the user within the request is safe.
 */
export class IdentifiedUsers {
  private readonly users = new WeakMap<IdxTransaction, Memo<User | undefined>>();
  private readonly people = new WeakMap<IdxTransaction, Memo<Person>>();
  private readonly enrolled = new WeakMap<IdxTransaction, Memo<AuthenticatorEnrollment[]>>();
  private readonly signals = new WeakMap<IdxTransaction, Memo<SignInSignals>>();
  private readonly remembered = new WeakMap<IdxTransaction, Memo<number | undefined>>();

  constructor(private readonly store: Store) {}

  user(txn: IdxTransaction): Promise<User | undefined> {
    const userId = txn.userId;
    if (!userId) return Promise.resolve(undefined);
    return this.memo(this.users, txn, userId, () => this.store.users.findById(userId));
  }

  /** The user as the policies see them (groups, Everyone included); ANYONE until someone is identified. */
  person(txn: IdxTransaction): Promise<Person> {
    const userId = txn.userId;
    if (!userId) return Promise.resolve(ANYONE);
    return this.memo(this.people, txn, userId, async () => ({ id: userId, groups: [EVERYONE, ...(await this.store.groups.groupNamesOf(userId))] }));
  }

  /** The user's enrollments kept outside the users table; none until someone is identified. */
  enrollments(txn: IdxTransaction): Promise<AuthenticatorEnrollment[]> {
    const userId = txn.userId;
    if (!userId) return Promise.resolve([]);
    return this.memo(this.enrolled, txn, userId, () => this.store.authenticatorEnrollments.listOf(userId));
  }

  /** The device condition's and the risk scorer's signals for the identified user (or nobody) at `ip`. */
  async signInSignals(txn: IdxTransaction, ip: string, now: number): Promise<SignInSignals> {
    const identifier = txn.state.identifier ?? '';
    const user = await this.user(txn);
    if (!user) return signInSignals(this.store, undefined, identifier, txn.state.device, ip, now);
    return this.memo(this.signals, txn, user.id, () => signInSignals(this.store, user, identifier, txn.state.device, ip, now));
  }

  /**
   * When the browser's device was remembered for the identified user's MFA, if it was. Read for an
   * identifier that matches nobody too, so that the answers take the same work.
   */
  mfaRememberedAt(txn: IdxTransaction): Promise<number | undefined> {
    const device = txn.state.device;
    if (!device) return Promise.resolve(undefined);
    const userId = txn.userId ?? '';
    return this.memo(this.remembered, txn, userId, () => this.store.signInHistory.mfaRememberedAt(userId, device));
  }

  /** The user was just read another way (by login, from a session): no need to read them again. */
  remember(txn: IdxTransaction, user: User): void {
    this.users.set(txn, { userId: user.id, value: Promise.resolve(user) });
  }

  /** The user's record changed in a way the policies read (an authenticator was enrolled): read it again. */
  forget(txn: IdxTransaction): void {
    this.users.delete(txn);
    this.enrolled.delete(txn);
  }

  private memo<T>(memos: WeakMap<IdxTransaction, Memo<T>>, txn: IdxTransaction, userId: string, read: () => Promise<T>): Promise<T> {
    const known = memos.get(txn);
    if (known?.userId === userId) return known.value;
    const value = read();
    memos.set(txn, { userId, value });
    return value;
  }
}

/** Statuses that may sign in; anyone else is handled exactly like an unknown identifier. */
export const signInAllowed = (user: User): boolean => ['ACTIVE', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'RECOVERY'].includes(user.status);
