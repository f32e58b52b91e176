import type { IdxTransaction } from '../../store/repositories/idxTransactions.js';
import type { User } from '../../store/repositories/users.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { RegistrationMessages } from '../../vocabulary/registrationMessages.js';
import type { EnrollmentChoice } from '../enrollmentChoices.js';
import { enrollNewProfile, selectEnrollProfile, selectIdentify } from '../profileForms.js';
import type { Remediation } from '../remediations.js';
import { profileEnrollmentOf, registerUser } from '../registration.js';
import type { Frame, RequestContext, Step } from '../step.js';
import type { Steps } from '../steps.js';
import type { Journey } from './journey.js';

/**
 * Self-service registration ("Sign up" on the identify step, when the app's profile enrollment
 * policy lets new people register): the sign-up form, then the account is created and the
 * transaction goes back to sign-in with the new user identified, who sets up what the enrollment
 * policy requires and lands signed in (see docs/registration.md).
 */
export class Registration implements Journey {
  constructor(private readonly steps: Steps) {}

  async entry(txn: IdxTransaction): Promise<Remediation | undefined> {
    // Not while enrolling an authenticator outside sign-in (prompt=enroll_authenticator): that is for an existing account.
    return !txn.state.identifier && !txn.request.enroll && (await this.policy(txn)).registration ? selectEnrollProfile() : undefined;
  }

  /** Only before anyone is identified, and only where the policy allows it (else Okta's "Registration is currently unavailable"). */
  async begin(txn: IdxTransaction): Promise<void> {
    if (txn.state.identifier || txn.request.enroll || !(await this.policy(txn)).registration) throw new EngineError(400, [RegistrationMessages.unavailable], false);
  }

  async next(txn: IdxTransaction, _ctx: RequestContext, { base, status }: Frame): Promise<Step> {
    const { attributes } = await this.policy(txn);
    return this.steps.respond(txn, { ...base(), remediations: [enrollNewProfile(attributes), selectIdentify()] }, status);
  }

  async verifiable(): Promise<{ user: User | undefined; choices: EnrollmentChoice[] }> {
    return { user: undefined, choices: [] };
  }

  /** The sign-up form: the account is created and the person, identified by it, goes on signing in. */
  async submit(txn: IdxTransaction, form: string, input: Record<string, unknown>, ctx: RequestContext): Promise<void> {
    const policy = await this.policy(txn);
    const profile = input.userProfile;
    if (form !== 'enroll-profile' || !policy.registration || !profile || typeof profile !== 'object') throw new EngineError(400, [Messages.malformed], false);
    const outcome = await registerUser(this.steps.deps, policy, profile as Record<string, unknown>, ctx.ip);
    if (!('user' in outcome)) throw new EngineError(outcome.status, outcome.messages, false, outcome.fieldMessages);
    txn.state.journey = undefined;
    txn.state.identifier = outcome.user.login;
    txn.state.registered = { emailVerification: policy.emailVerification };
    txn.userId = outcome.user.id;
    this.steps.users.remember(txn, outcome.user);
    this.steps.txns.changed(txn);
  }

  private policy(txn: IdxTransaction) {
    return profileEnrollmentOf(this.steps.deps.config, txn.clientId);
  }
}
