import type { IdxTransaction, InteractRequest } from '../store/repositories/idxTransactions.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import { hashSecret } from '../platform/crypto.js';
import { randomBase62 } from '../platform/ids.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages } from '../vocabulary/messages.js';
import { browserBindingFor, stateHandleFor, transactionIdOf } from './handles.js';
import { intentOf } from './credentialEnrollment.js';

/**
 * A Classic transaction's handle (authn's stateToken) begins as Okta's Classic stateTokens do: Okta's
 * widget runs its Classic pipeline for a stateToken that starts so, its IDX pipeline for any other.
 */
const CLASSIC_PREFIX = '00';

/** A transaction lives this long after its last step… */
const TRANSACTION_TTL_MS = 10 * 60_000;
/** …and never longer than this after it began. */
const TRANSACTION_MAX_MS = 60 * 60_000;

export const expired = (): EngineError => new EngineError(401, [Messages.sessionExpired], true);

/**
 * The stored transactions of interactions, as every journey uses them: found by their handles,
 * changed by a request, and written once per request with a compare-and-set (a double submit
 * loses). Any process can continue any transaction: nothing of a flow lives in memory between requests.
 */
export class Transactions {
  /** Transactions changed by a request in progress and not yet written. */
  private readonly unsaved = new WeakSet<IdxTransaction>();

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly handleKey: Buffer) {}

  /** `userId`: the user the transaction starts with, known from how it began (an activation token). */
  async create(
    clientId: string, serverId: string, request: InteractRequest, state: IdxTransaction['state'], interactionHandle: string, userId: string | null = null,
  ): Promise<IdxTransaction> {
    const now = this.clock.now();
    const txn: IdxTransaction = {
      id: `ftx${randomBase62(24)}`, clientId, serverId, intent: intentOf(request), request, userId, state,
      status: 'ACTIVE', version: 0, createdAt: now, expiresAt: now + TRANSACTION_TTL_MS,
    };
    await this.store.idxTransactions.insert(txn, hashSecret(interactionHandle));
    return txn;
  }

  async byInteractionHandle(handle: string): Promise<IdxTransaction> {
    return this.usable(await this.store.idxTransactions.findByInteractionHandle(hashSecret(handle)));
  }

  async byStateHandle(handle: string): Promise<IdxTransaction> {
    return this.usable(await this.byHandle(handle));
  }

  /**
   * The transaction a state handle names, whatever its status (undefined: none, a forged handle, or
   * a handle of the other kind: a Classic transaction's handle is only its own, and so is an IDX one's).
   */
  async byHandle(handle: string): Promise<IdxTransaction | undefined> {
    const classic = handle.startsWith(CLASSIC_PREFIX);
    const id = transactionIdOf(classic ? handle.slice(CLASSIC_PREFIX.length) : handle, this.handleKey);
    const txn = id ? await this.store.idxTransactions.findById(id) : undefined;
    return txn && (txn.request.classic === true) === classic ? txn : undefined;
  }

  /** The transaction as stored now (after another request may have changed it). */
  async reload(txn: IdxTransaction): Promise<IdxTransaction> {
    return this.usable(await this.store.idxTransactions.findById(txn.id));
  }

  stateHandle(txn: IdxTransaction): string {
    const handle = stateHandleFor(txn.id, this.handleKey);
    return txn.request.classic ? CLASSIC_PREFIX + handle : handle;
  }

  /** What the browser running this transaction keeps, so a link opened later knows it. */
  browserBinding(txn: IdxTransaction): string {
    return browserBindingFor(txn.id, this.handleKey);
  }

  /** Whether the transaction can still be advanced. */
  live(txn: IdxTransaction | undefined): txn is IdxTransaction {
    return txn !== undefined && txn.status === 'ACTIVE' && txn.expiresAt > this.clock.now();
  }

  usable(txn: IdxTransaction | undefined): IdxTransaction {
    if (!this.live(txn)) throw expired();
    return txn;
  }

  /** Marks the transaction changed by this request (and extends its life, within its absolute limit); `flush` writes it. */
  changed(txn: IdxTransaction): void {
    txn.expiresAt = Math.min(this.clock.now() + TRANSACTION_TTL_MS, txn.createdAt + TRANSACTION_MAX_MS);
    this.unsaved.add(txn);
  }

  async flush(txn: IdxTransaction): Promise<void> {
    if (!this.unsaved.delete(txn)) return;
    // Another request advanced this transaction meanwhile (a double submit): this one must not act.
    if (!(await this.store.idxTransactions.save(txn))) throw new EngineError(409, [Messages.malformed], false);
  }

  async commit(txn: IdxTransaction): Promise<void> {
    this.changed(txn);
    await this.flush(txn);
  }
}
