import type { IdxTransaction, TransactionState } from '../../store/repositories/idxTransactions.js';
import type { User } from '../../store/repositories/users.js';
import type { Authenticator } from '../../authenticators/authenticator.js';
import { passwordAuthenticator } from '../../authenticators/password/passwordAuthenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { recoveryMethodsOf, recoveryProgress, recoveryRulesFor, type RecoveryCandidate, type RecoveryProgress, type RecoveryRules } from '../../policy/passwordRecovery.js';
import { withMethods } from '../../authenticators/withMethods.js';
import { passwordRecovered } from '../../org/passwordRecovered.js';
import { enrollmentChoices, type EnrollmentChoice } from '../enrollmentChoices.js';
import { ANYONE } from '../identifiedUsers.js';
import { identifyRecovery, resetAuthenticator } from '../remediations.js';
import type { Situation } from '../situation.js';
import type { CurrentAuthenticatorView, Frame, RequestContext, Step } from '../step.js';
import type { Steps } from '../steps.js';
import type { Journey } from './journey.js';

/** The form that sets the new password; answered at /idp/idx/challenge/answer like a challenge. */
export const RESET_FORM = 'reset-authenticator';

/** The journey's name (`txn.state.journey`), as journeys/index.ts registers it. */
export const RECOVERY = 'recovery';

/** A recovery begun by a recovery token (the emailed reset link) of `login`'s: at the new password, the token counting as the email proved. */
export const recoveryByToken = (login: string, now: number): TransactionState => ({
  identifier: login, verified: [{ authenticatorKey: 'okta_email', methodType: 'email', at: now }], sessionChecked: true, journey: RECOVERY, recovery: { since: now },
});

const candidateOf = (a: Authenticator): RecoveryCandidate => ({ key: a.key, methods: a.methods ?? [a.methodType] });

/**
 * Recovering a forgotten password (Okta's self-service password reset), within the sign-in's
 * transaction (Okta keeps intent LOGIN): identify, prove one of the authenticators the password
 * policy allows for recovery (then any step-up one), set a new password, and go back to signing in,
 * so the sign-in policy still asks whatever else the app needs. An unknown identifier is led through
 * the same forms (nothing is sent, nothing verifies).
 */
export class Recovery implements Journey {
  constructor(private readonly steps: Steps) {}

  /** What was verified before the recovery began (a session's password, say) does not prove the person for it. */
  async begin(txn: IdxTransaction): Promise<void> {
    txn.state.recovery = { since: this.steps.deps.clock.now() };
  }

  async next(txn: IdxTransaction, ctx: RequestContext, frame: Frame): Promise<Step> {
    if (!txn.state.identifier) return this.steps.respond(txn, { ...frame.base(), remediations: [identifyRecovery()] }, frame.status);
    const situation = await this.steps.assess(txn, ctx.ip);
    const rules = await this.rules(situation);
    const progress = this.progress(txn, situation, rules);
    // As Okta answers it: the person stays named, and may only cancel (start over).
    if (progress.next === 'impossible') return this.steps.respond(txn, { ...frame.base(), messages: [Messages.resetNotAllowed], remediations: [] }, 403);
    if (progress.next === 'reset') return this.resetStep(txn, frame, situation);
    const step = await this.steps.verificationStep(txn, frame, situation.user, this.choicesOf(progress.keys, situation, rules));
    return { ...step, view: { ...step.view, recoveryAuthenticator: await this.passwordView(txn, situation.user) } };
  }

  async verifiable(txn: IdxTransaction, ctx: RequestContext): Promise<{ user: User | undefined; choices: EnrollmentChoice[] }> {
    const situation = await this.steps.assess(txn, ctx.ip);
    const rules = await this.rules(situation);
    const progress = this.progress(txn, situation, rules);
    return { user: situation.user, choices: progress.next === 'prove' ? this.choicesOf(progress.keys, situation, rules) : [] };
  }

  /**
   * The new password: set through the password authenticator's enrollment (the password policy's
   * rules, the one place a new password is checked), then what ends with the old one ends and the
   * transaction goes back to signing in, the password counting as verified.
   */
  async submit(txn: IdxTransaction, form: string, input: Record<string, unknown>, ctx: RequestContext): Promise<void> {
    const user = await this.steps.users.user(txn);
    const ready = txn.state.challenge?.journeyForm === RESET_FORM;
    if (form !== RESET_FORM || !ready || !user) throw new EngineError(400, [Messages.malformed], false);
    const outcome = await passwordAuthenticator.enrollment!.complete(this.steps.authenticatorContext(txn, user), input, {});
    if (!outcome.ok) throw outcome.error;
    const { deps } = this.steps;
    const now = deps.clock.now();
    txn.state.verified.push({ authenticatorKey: passwordAuthenticator.key, methodType: passwordAuthenticator.methodType, at: now });
    txn.state.challenge = undefined;
    txn.state.recovery = undefined;
    txn.state.journey = undefined;
    this.steps.users.forget(txn);
    // Written first: of two racing submits only one ends the sessions and sends the notice.
    await this.steps.txns.commit(txn);
    await passwordRecovered(deps, user, ctx.ip, now);
  }

  /** The policy's answer for this person (an unknown identifier: for anyone). */
  private async rules(situation: Situation): Promise<RecoveryRules> {
    return recoveryRulesFor(await this.steps.deps.config.policiesOf('PASSWORD'), situation.person ?? ANYONE);
  }

  /** Where the recovery stands by the rules and what the person proved since it began. */
  private progress(txn: IdxTransaction, situation: Situation, rules: RecoveryRules): RecoveryProgress {
    if (rules.access === 'DENY') return { next: 'impossible' };
    const since = txn.state.recovery?.since ?? 0;
    const proved = txn.state.verified.filter((v) => v.at >= since).map((v) => v.authenticatorKey);
    return recoveryProgress(rules, situation.enrolled.map(candidateOf), proved);
  }

  /** The authenticators to prove with, each offering only the methods the rules allow for recovery. */
  private choicesOf(keys: string[], situation: Situation, rules: RecoveryRules): EnrollmentChoice[] {
    const authenticators: Authenticator[] = situation.enrolled.filter((a) => keys.includes(a.key))
      .map((a) => (rules.access === 'ALLOW' ? withMethods(a, recoveryMethodsOf(rules, candidateOf(a))) : a));
    return enrollmentChoices(authenticators, situation.enrollments);
  }

  /** The reset form, with the user's enrollments as Okta lists them; answering it (at the challenge's path) comes to `submit`. */
  private async resetStep(txn: IdxTransaction, frame: Frame, { user, enrolled, enrollments }: Situation): Promise<Step> {
    if (txn.state.challenge?.journeyForm !== RESET_FORM) {
      txn.state.challenge = { authenticatorKey: passwordAuthenticator.key, methodType: passwordAuthenticator.methodType, data: {}, journeyForm: RESET_FORM };
      this.steps.txns.changed(txn);
    }
    const password = await this.passwordView(txn, user);
    const fields = [
      { name: 'passcode', label: 'New password', secret: true },
      // Okta's form has it; Latchkey ends the other sessions after every reset (see passwordRecovered), so it changes nothing.
      { name: 'revokeSessions', type: 'boolean' as const, label: 'Sign me out of all other devices' },
    ];
    const { settings: _rules, ...offered } = password;
    return this.steps.respond(txn, {
      ...frame.base(), remediations: [resetAuthenticator(fields)], current: { ...password, enrolling: true }, authenticators: [offered], recoveryAuthenticator: password,
      authenticatorEnrollments: enrollmentChoices(enrolled, enrollments).map((c) => this.steps.views.enrollment(c, txn, user)),
    }, frame.status);
  }

  /** The password being recovered, with the rules a new one must meet (as enrolling it shows them). */
  private async passwordView(txn: IdxTransaction, user: User | undefined): Promise<CurrentAuthenticatorView> {
    const settings = await passwordAuthenticator.enrollment!.settings?.(this.steps.authenticatorContext(txn, user));
    return { ...this.steps.views.authenticator(passwordAuthenticator, txn), ...(settings && { settings }) };
  }
}
