import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { IdxTransactionsTable } from '../schema.js';
import { fromJson, toJson } from '../json.js';
import { prepared } from '../prepared.js';

/** What the client asked at /v1/interact (or /v1/authorize); fixed for the life of the transaction. */
export interface InteractRequest {
  redirectUri: string;
  scopes: string[];
  state: string;
  /** Null only for a confidential client's /authorize without PKCE. */
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | null;
  nonce: string | null;
  /** Classic authn's relayState: what the app asked to be given back with every answer of the transaction. */
  relayState?: string;
  /** Set when the browser came through /v1/authorize: the sign-in ends by redirecting it back with a code. */
  authorize?: AuthorizeRequest;
  /** A Classic /api/v1/authn sign-in: it ends with a one-time sessionToken, not a code or a session. */
  classic?: true;
  /** prompt=enroll_authenticator: after authenticating, the person enrolls one of these (keys, from enroll_amr_values). */
  enroll?: { authenticatorKeys: string[] };
}

/** What only the redirect flow (/v1/authorize) asks. */
export interface AuthorizeRequest {
  responseMode: 'query' | 'fragment' | 'form_post' | 'okta_post_message';
  /** Seconds: an older authentication must be done again (OIDC max_age). */
  maxAge: number | null;
  /** prompt=login: the session does not count. */
  forceLogin: boolean;
}

/** An authenticator the user proved in this transaction, and when. */
export interface Verification {
  authenticatorKey: string;
  methodType: string;
  at: number;
  /** Set by authenticators that report it (WebAuthn): whether this verification verified the person (PIN, biometrics). */
  userVerified?: boolean;
}

/** The authenticator being verified (or enrolled) now, with whatever its challenge needs to remember. */
export interface PendingChallenge {
  authenticatorKey: string;
  methodType: string;
  data: Record<string, unknown>;
  /** Being enrolled rather than verified. */
  enrolling?: boolean;
  /** The row of authenticator_enrollments being verified (the one chosen when the user has several). */
  enrollmentId?: string;
  /** What the person chose along with the authenticator (see Authenticator.choiceFields), kept for a resend. */
  choice?: Record<string, unknown>;
  /** Chosen, but not started: the engine still asks for what must be chosen with it. */
  awaitingChoice?: boolean;
  /** Not an authenticator's challenge but a form of the journey's own answered at the challenge's path (a recovery's new password): see Journey.submit. */
  journeyForm?: string;
  /** A new password in place of one that `expired` or soon will (`warning`): see engine/passwordExpiry.ts. */
  renewing?: 'expired' | 'warning';
}

export interface TransactionState {
  /** What the user typed at identify, kept even when no such user exists (not revealed). */
  identifier?: string;
  verified: Verification[];
  challenge?: PendingChallenge;
  /** New codes sent in this transaction (bounded). */
  resends?: number;
  /** The session cookie was looked at (once per transaction). */
  sessionChecked?: boolean;
  /**
   * The person chose "Keep me signed in" on the identify form (only kept when the org offers it), or, in
   * Classic authn, to remember the device (a factor verified with `rememberDevice=true`), or "Stay signed in" after the sign-in: MFA done here remembers the device.
   */
  keepSignedIn?: boolean;
  /** The person answered the "Stay signed in?" prompt after the sign-in (see engine/journeys/staySignedInPrompt.ts). */
  staySignedInAsked?: boolean;
  /** Authenticators enrolled in this transaction. */
  enrolled?: string[];
  /** The person skipped the optional enrollments offered. */
  enrollmentSkipped?: boolean;
  /** Before identify: the challenge of signing in without an identifier (a passkey), answered at most once. */
  identifyChallenge?: PendingChallenge;
  /** The journey begun within this transaction (engine/journeys/), e.g. a password recovery; absent: signing in. */
  journey?: string;
  /** The hash of the device cookie of the browser signing in (set by the surface on each request; the device condition reads it). */
  device?: string;
  /** A password recovery under way: since when (what was verified before does not prove the person for it). */
  recovery?: { since: number };
  /**
   * The factor a Classic recovery or unlock was asked to send a code by (SMS, CALL): kept even when nothing
   * was sent (nobody matched, no phone), so that resuming the transaction answers alike for anyone.
   */
  recoveryFactor?: string;
  /** The person created their account in this transaction (self-service registration); `emailVerification`: before access. */
  registered?: { emailVerification: boolean };
  /** The unlock journey ended: the account is unlocked, the person signs in anew (see journeys/unlock.ts). */
  unlocked?: 'done';
  /** The person chose "Remind me later" on the password expiry warning. */
  expiryWarningSkipped?: boolean;
  /** A new activation email was asked for, from an activation link no longer valid (see journeys/activationRequest.ts). */
  activationRequested?: boolean;
}

/** LOGIN: a sign-in; CREDENTIAL_ENROLLMENT: enrolling an authenticator outside sign-in (prompt=enroll_authenticator). */
export type Intent = 'LOGIN' | 'CREDENTIAL_ENROLLMENT';
/** SUCCESS: signed in; for the redirect flow, REDIRECTED once the code was sent back (single use). */
export type TransactionStatus = 'ACTIVE' | 'SUCCESS' | 'REDIRECTED' | 'CANCELED';

/** One interaction (IDX transaction). Stored, so any process can continue it. */
export interface IdxTransaction {
  id: string;
  clientId: string;
  serverId: string;
  intent: Intent;
  request: InteractRequest;
  userId: string | null;
  state: TransactionState;
  status: TransactionStatus;
  version: number;
  createdAt: number;
  expiresAt: number;
}

const toTransaction = (r: Selectable<IdxTransactionsTable>): IdxTransaction => ({
  id: r.id, clientId: r.client_id, serverId: r.server_id, intent: r.intent as IdxTransaction['intent'],
  request: fromJson(r.request, {} as IdxTransaction['request']), userId: r.user_id,
  state: fromJson(r.state, { verified: [] }), status: r.status as IdxTransaction['status'],
  version: r.version, createdAt: r.created_at, expiresAt: r.expires_at,
});

const insertTransaction = prepared((db, r: Insertable<IdxTransactionsTable>) => db.insertInto('idx_transactions').values({
  id: r.id, interaction_handle_hash: r.interaction_handle_hash, client_id: r.client_id, server_id: r.server_id, intent: r.intent,
  request: r.request, user_id: r.user_id, state: r.state, status: r.status, version: r.version, created_at: r.created_at, expires_at: r.expires_at,
}));
const byId = prepared((db, p: { id: string }) => db.selectFrom('idx_transactions').selectAll().where('id', '=', p.id));
const byInteractionHandle = prepared((db, p: { hash: string }) => db.selectFrom('idx_transactions').selectAll().where('interaction_handle_hash', '=', p.hash));
const saveIfUnchanged = prepared((db, p: { id: string; version: number; next: number; userId: string | null; state: string; status: string; expiresAt: number }) => db.updateTable('idx_transactions')
  .set({ user_id: p.userId, state: p.state, status: p.status, version: p.next, expires_at: p.expiresAt })
  .where('id', '=', p.id).where('version', '=', p.version));

export class IdxTransactionsRepository {
  constructor(private readonly db: Db) {}

  async insert(t: IdxTransaction, interactionHandleHash: string): Promise<void> {
    await insertTransaction.execute(this.db, {
      id: t.id, interaction_handle_hash: interactionHandleHash, client_id: t.clientId, server_id: t.serverId, intent: t.intent,
      request: toJson(t.request), user_id: t.userId, state: toJson(t.state), status: t.status, version: t.version,
      created_at: t.createdAt, expires_at: t.expiresAt,
    });
  }

  async findById(id: string): Promise<IdxTransaction | undefined> {
    const row = await byId.first(this.db, { id });
    return row && toTransaction(row);
  }

  async findByInteractionHandle(hash: string): Promise<IdxTransaction | undefined> {
    const row = await byInteractionHandle.first(this.db, { hash });
    return row && toTransaction(row);
  }

  /**
   * Writes the transaction if nobody wrote it since it was read (compare-and-set on `version`).
   * False when another request won: the caller must not act on its stale copy.
   */
  async save(t: IdxTransaction): Promise<boolean> {
    const updated = await saveIfUnchanged.affected(this.db, {
      id: t.id, version: t.version, next: t.version + 1, userId: t.userId, state: toJson(t.state), status: t.status, expiresAt: t.expiresAt,
    });
    if (updated !== 1) return false;
    t.version += 1;
    return true;
  }

  async purgeExpired(before: number): Promise<void> {
    await this.db.deleteFrom('idx_transactions').where('expires_at', '<', before).execute();
  }
}
