import type { IdxTransaction } from '../../store/repositories/idxTransactions.js';
import type { User } from '../../store/repositories/users.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { enrollmentChoices, type EnrollmentChoice } from '../enrollmentChoices.js';
import { signInAllowed } from '../identifiedUsers.js';
import type { Frame, RequestContext, Step } from '../step.js';
import type { Steps } from '../steps.js';
import type { Journey } from './journey.js';
import { withRecoveryOffer } from './recoveryOffer.js';
import { ProfileCompletion } from './profileCompletion.js';
import { PasswordExpiry } from './passwordExpiry.js';
import { rememberableMfa } from '../../policy/sessionPolicy.js';
import { KEEP_ME_SIGNED_IN, StaySignedInPrompt } from './staySignedInPrompt.js';

/**
 * Signing in: identify (or resume the browser's session), then verify what the policies ask,
 * enrolling what the enrollment policy requires, until the sign-in succeeds.
 */
export class SignIn implements Journey {
  private readonly profile: ProfileCompletion;
  private readonly expiry: PasswordExpiry;
  private readonly staySignedIn: StaySignedInPrompt;

  constructor(private readonly steps: Steps) {
    this.profile = new ProfileCompletion(steps);
    this.expiry = new PasswordExpiry(steps);
    this.staySignedIn = new StaySignedInPrompt(steps);
  }

  async next(txn: IdxTransaction, ctx: RequestContext, frame: Frame): Promise<Step> {
    return withRecoveryOffer(this.steps, txn, await this.nextStep(txn, ctx, frame));
  }

  private async nextStep(txn: IdxTransaction, ctx: RequestContext, frame: Frame): Promise<Step> {
    if (!txn.state.identifier && !txn.state.sessionChecked) await this.resumeSession(txn, ctx);
    if (!txn.state.identifier) return this.steps.identifyStep(txn, frame);
    const situation = await this.steps.assess(txn, ctx.ip);
    const { user, choices } = situation;
    // Classic authn asks an expired password right after it, before other factors (Okta's order); IDX once the policies are satisfied.
    const renewFirst = txn.request.classic && user && (await this.expiry.step(txn, frame, user));
    if (renewFirst) return renewFirst;
    const offer = await this.steps.enrollmentOffer(txn, situation);
    if (offer.keys.length > 0) return this.steps.enrollmentStep(txn, frame, user!, offer, situation);
    if (choices === 'satisfied') {
      const before = (await this.expiry.step(txn, frame, user!)) ?? (await this.profile.before(txn, frame, user!)) ?? (await this.staySignedIn.step(txn, frame, situation));
      return before ?? this.steps.succeed(txn, frame.base(), user!, situation.sessionRules, ctx);
    }
    if (choices.length === 0) throw new EngineError(403, [Messages.noAuthenticator], true);
    const rememberable = rememberableMfa(situation.sessionRules);
    const shown = rememberable ? { ...frame, base: () => ({ ...frame.base(), rememberableMfa: rememberable }) } : frame;
    return this.steps.verificationStep(txn, shown, user, enrollmentChoices(choices, situation.enrollments));
  }

  /** Sign-in's own forms: the "Stay signed in?" prompt's and progressive profiling's (see ProfileCompletion). */
  submit(txn: IdxTransaction, form: string, input: Record<string, unknown>, ctx: RequestContext): Promise<void> {
    if (form === KEEP_ME_SIGNED_IN) return this.staySignedIn.submit(txn, input, ctx);
    return this.profile.submit(txn, form, input, ctx);
  }

  /** The password expiry warning is the sign-in's own skip. */
  async skip(txn: IdxTransaction): Promise<boolean> {
    return this.expiry.skip(txn);
  }

  async verifiable(txn: IdxTransaction, ctx: RequestContext): Promise<{ user: User | undefined; choices: EnrollmentChoice[] }> {
    const { user, choices, enrollments } = await this.steps.assess(txn, ctx.ip);
    return { user, choices: choices === 'satisfied' ? [] : enrollmentChoices(choices, enrollments) };
  }

  /**
   * A session cookie came with a new interaction: its user and verified authenticators carry over,
   * so the policy may be satisfied without asking again (single sign-on). Checked once per
   * transaction that comes with a cookie; without one there is nothing to resume or to write.
   */
  private async resumeSession(txn: IdxTransaction, ctx: RequestContext): Promise<void> {
    if (!ctx.sessionToken) return;
    const { deps, sessions, users, txns } = this.steps;
    txn.state.sessionChecked = true;
    const session = await sessions.find(ctx.sessionToken);
    const user = session && (await deps.store.users.findById(session.userId));
    // OIDC max_age: a session whose authentication is older does not count.
    const maxAge = txn.request.authorize?.maxAge;
    const fresh = (at: number) => maxAge === null || maxAge === undefined || deps.clock.now() - at <= maxAge * 1000;
    if (session && user && signInAllowed(user) && session.verified.every((v) => fresh(v.at))) {
      txn.userId = user.id;
      users.remember(txn, user);
      txn.state.identifier = user.login;
      txn.state.verified = session.verified.map((v) => ({ ...v }));
    }
    txns.changed(txn);
  }
}
