import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { PushChallengesTable } from '../schema.js';
import { fromJson, toJson } from '../json.js';

/** What a QR code's enrollment token was issued for: the enrollment a device completes with it. */
export interface EnrollmentGrant {
  enrollmentId: string;
  userId: string;
}

export type PushStatus = 'PENDING' | 'APPROVED' | 'DENIED';

export interface PushChallenge {
  id: string;
  enrollmentId: string;
  transactionId: string;
  status: PushStatus;
  /** The numbers the device offers, one of them correct; empty without a number challenge. */
  choices: number[];
  correctAnswer: number | null;
  createdAt: number;
  expiresAt: number;
  answeredAt: number | null;
}

const toChallenge = (r: Selectable<PushChallengesTable>): PushChallenge => ({
  id: r.id, enrollmentId: r.enrollment_id, transactionId: r.transaction_id, status: r.status as PushStatus, choices: fromJson(r.choices, []),
  correctAnswer: r.correct_answer, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), answeredAt: r.answered_at === null ? null : Number(r.answered_at),
});

/** Latchkey Verify's enrollment tokens and push challenges; every decision is one conditional statement, so processes cannot race. */
export class VerifyPushRepository {
  constructor(private readonly db: Db) {}

  async insertEnrollmentToken(tokenHash: string, grant: EnrollmentGrant, expiresAt: number): Promise<void> {
    await this.db.insertInto('verify_enrollment_tokens')
      .values({ token_hash: tokenHash, enrollment_id: grant.enrollmentId, user_id: grant.userId, expires_at: expiresAt, used_at: null }).execute();
  }

  /** Uses a token once: what it grants if it was unused and unexpired (then never again), else undefined. */
  async consumeEnrollmentToken(tokenHash: string, now: number): Promise<EnrollmentGrant | undefined> {
    const used = await this.db.updateTable('verify_enrollment_tokens').set({ used_at: now })
      .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) return undefined;
    const row = await this.db.selectFrom('verify_enrollment_tokens').select(['enrollment_id', 'user_id']).where('token_hash', '=', tokenHash).executeTakeFirstOrThrow();
    return { enrollmentId: row.enrollment_id, userId: row.user_id };
  }

  async insertChallenge(c: PushChallenge): Promise<void> {
    await this.db.insertInto('push_challenges').values({
      id: c.id, enrollment_id: c.enrollmentId, transaction_id: c.transactionId, status: c.status, choices: toJson(c.choices),
      correct_answer: c.correctAnswer, created_at: c.createdAt, expires_at: c.expiresAt, answered_at: c.answeredAt,
    }).execute();
  }

  async challenge(id: string): Promise<PushChallenge | undefined> {
    const row = await this.db.selectFrom('push_challenges').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toChallenge(row);
  }

  /** The device's challenges still waiting for an answer, oldest first. */
  async pendingFor(enrollmentId: string, now: number): Promise<PushChallenge[]> {
    const rows = await this.db.selectFrom('push_challenges').selectAll().where('enrollment_id', '=', enrollmentId)
      .where('status', '=', 'PENDING').where('expires_at', '>', now).orderBy('created_at').orderBy('id').execute();
    return rows.map(toChallenge);
  }

  /** Answers a pending, unexpired challenge of the device once: false if it was answered, expired or is another device's. */
  async answer(id: string, enrollmentId: string, status: Exclude<PushStatus, 'PENDING'>, now: number): Promise<boolean> {
    const r = await this.db.updateTable('push_challenges').set({ status, answered_at: now }).where('id', '=', id).where('enrollment_id', '=', enrollmentId)
      .where('status', '=', 'PENDING').where('expires_at', '>', now).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Deletes tokens and challenges that expired before `before`. */
  async purgeExpired(before: number): Promise<void> {
    await this.db.deleteFrom('verify_enrollment_tokens').where('expires_at', '<', before).execute();
    await this.db.deleteFrom('push_challenges').where('expires_at', '<', before).execute();
  }
}
