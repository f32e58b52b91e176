import type { IdxTransaction, TransactionState } from '../../store/repositories/idxTransactions.js';
import type { User } from '../../store/repositories/users.js';
import { sendActivationLink } from '../../org/activation.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { AccountMessages } from '../../vocabulary/accountMessages.js';
import { requestActivationEmail } from '../accountRemediations.js';
import type { EnrollmentChoice } from '../enrollmentChoices.js';
import type { Frame, RequestContext, Step } from '../step.js';
import type { Steps } from '../steps.js';
import type { Journey } from './journey.js';

/** The journey's name (`txn.state.journey`), as journeys/index.ts registers it. */
export const ACTIVATION_REQUEST = 'activationRequest';
/** Its one form, posted to /idp/idx/request-activation. */
export const REQUEST_ACTIVATION_FORM = 'request-activation-email';

/** A transaction begun with the activation link of `user` that is no longer valid (see org/activation.ts openActivationToken). */
export const activationRequestState = (user: User): TransactionState => ({ identifier: user.login, verified: [], sessionChecked: true, journey: ACTIVATION_REQUEST });

/**
 * An activation link no longer valid (Okta's request-activation-email): the person, named by the
 * link, is told so and may ask a new one by email; then the transaction ends with Okta's "if your
 * information matches our records" whether or not an email went out (see sendActivationLink).
 */
export class ActivationRequest implements Journey {
  constructor(private readonly steps: Steps) {}

  async next(txn: IdxTransaction, _ctx: RequestContext, frame: Frame): Promise<Step> {
    const base = frame.base();
    // As Okta answers it: nobody is named any more (whether an email went out is not told).
    if (txn.state.activationRequested) return this.steps.respond(txn, { ...base, user: undefined, messages: [AccountMessages.activationEmailRequested, ...base.messages], remediations: [] }, frame.status);
    return this.steps.respond(txn, { ...base, messages: [AccountMessages.activationLinkExpired, ...base.messages], remediations: [requestActivationEmail()] }, frame.status);
  }

  async verifiable(): Promise<{ user: User | undefined; choices: EnrollmentChoice[] }> {
    return { user: undefined, choices: [] };
  }

  /** request-activation-email: once per transaction (written first, so of two racing requests only one sends). */
  async submit(txn: IdxTransaction, form: string): Promise<void> {
    if (form !== REQUEST_ACTIVATION_FORM || txn.state.activationRequested || !txn.state.identifier) throw new EngineError(400, [Messages.malformed], false);
    txn.state.activationRequested = true;
    await this.steps.txns.commit(txn);
    await sendActivationLink(this.steps.deps, txn.state.identifier);
  }
}
