import type { IdxTransaction } from '../../store/repositories/idxTransactions.js';
import type { User } from '../../store/repositories/users.js';
import type { EnrollmentChoice } from '../enrollmentChoices.js';
import type { Frame, RequestContext, Step } from '../step.js';
import type { Steps } from '../steps.js';
import type { Remediation } from '../remediations.js';

/**
 * One intent of an interaction: signing in, and the journeys a person can take within the same
 * transaction (recovering a password, registering, unlocking, activating). The engine keeps the
 * transaction and answers the requests every journey shares (identify, answer a challenge, select an
 * authenticator, resend, poll, cancel); after each one it asks the transaction's journey for the next
 * step. A journey decides; the shared machinery (`Steps`) begins and shows the steps.
 *
 * Adding a journey is a file in this folder and a line in `index.ts`. It begins with
 * `SignInEngine.startJourney` (a remediation or action of its own, e.g. "Forgot password?"), which
 * sets `txn.state.journey`; it hands the transaction back to sign-in by clearing it, so the sign-in
 * policy still decides what the person must verify before the transaction succeeds.
 */
export interface Journey {
  /** The journey begins within `txn` (the person asked for it): clears what does not carry over. */
  begin?(txn: IdxTransaction, ctx: RequestContext): Promise<void>;
  /** The step answering the transaction as it stands now; called after every request. */
  next(txn: IdxTransaction, ctx: RequestContext, frame: Frame): Promise<Step>;
  /** What the person may choose to verify now (a select-authenticator form names one of these). */
  verifiable(txn: IdxTransaction, ctx: RequestContext): Promise<{ user: User | undefined; choices: EnrollmentChoice[] }>;
  /**
   * One of the journey's own forms was submitted (`form`: its name, e.g. `enroll-profile`). Refused
   * input throws an EngineError (field messages for field errors); the engine then answers the next step.
   */
  submit?(txn: IdxTransaction, form: string, input: Record<string, unknown>, ctx: RequestContext): Promise<void>;
  /**
   * The person skipped what the journey's current step lets them skip (a warning they may pass by).
   * True when the journey took the skip; otherwise the engine offers it to the optional enrollments.
   */
  skip?(txn: IdxTransaction, ctx: RequestContext): Promise<boolean>;
  /** The form the identify step offers to begin this journey ("Sign up", "Unlock account"), when `txn` may begin it. */
  entry?(txn: IdxTransaction): Promise<Remediation | undefined>;
}

export type JourneyFactory = (steps: Steps) => Journey;
