import type { IdxTransaction } from '../../store/repositories/idxTransactions.js';
import type { User } from '../../store/repositories/users.js';
import { missingAttributes } from '../../policy/profileEnrollment.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { enrollProfileUpdate } from '../profileForms.js';
import { activateRegistered, completeProfile, profileEnrollmentOf } from '../registration.js';
import type { Frame, RequestContext, Step } from '../step.js';
import type { Steps } from '../steps.js';

/**
 * What the profile enrollment policy asks of a person about to be signed in: progressive profiling
 * (the required attributes their profile lacks, asked once, on an `enroll-profile` form posted to
 * /idp/idx/enroll/update) and, for an account registered in this transaction, its activation.
 */
/** The name the IDX surface submits progressive profiling's form under (Okta names it enroll-profile, like the sign-up form). */
export const PROFILE_UPDATE = 'enroll-profile-update';

export class ProfileCompletion {
  constructor(private readonly steps: Steps) {}

  /** The form asking what the profile lacks; none: the person may be signed in (a registered account, its email verified, is activated first). */
  async before(txn: IdxTransaction, { base, status }: Frame, user: User): Promise<Step | undefined> {
    const missing = await this.missing(txn, user);
    if (missing.length > 0) return this.steps.respond(txn, { ...base(), remediations: [enrollProfileUpdate(missing)] }, status);
    await activateRegistered(this.steps.deps, txn, user);
    return undefined;
  }

  /**
   * The progressive profiling form: the attributes asked are stored (refused with field messages when
   * blank or invalid). Only once the person has authenticated as the policies ask: nobody writes into
   * a profile by naming its user.
   */
  async submit(txn: IdxTransaction, form: string, input: Record<string, unknown>, ctx: RequestContext): Promise<void> {
    const { user, choices } = await this.steps.assess(txn, ctx.ip);
    const asked = user && choices === 'satisfied' ? await this.missing(txn, user) : [];
    const profile = input.userProfile;
    if (form !== PROFILE_UPDATE || !user || asked.length === 0 || !profile || typeof profile !== 'object') throw new EngineError(400, [Messages.malformed], false);
    const refused = await completeProfile(this.steps.deps, user, asked, profile as Record<string, unknown>);
    if (refused) throw new EngineError(refused.status, refused.messages, false, refused.fieldMessages);
    this.steps.users.forget(txn);
  }

  /** Classic authn cannot show the form: progressive profiling is for IDX sign-ins. */
  private async missing(txn: IdxTransaction, user: User) {
    return txn.request.classic ? [] : missingAttributes(await profileEnrollmentOf(this.steps.deps.config, txn.clientId), user.profile);
  }
}
