import type { IdxTransaction } from '../../store/repositories/idxTransactions.js';
import { asksAfterSignIn, mayAskAfterSignIn } from '../../policy/keepMeSignedIn.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { keepMeSignedIn } from '../remediations.js';
import type { Situation } from '../situation.js';
import type { Frame, RequestContext, Step } from '../step.js';
import type { Steps } from '../steps.js';

/** The name the IDX surface submits the prompt's answer under (Okta's remediation name). */
export const KEEP_ME_SIGNED_IN = 'keep-me-signed-in';

/**
 * The "Stay signed in?" prompt that may end a sign-in (Okta's post-auth Keep me signed in; when: see
 * policy/keepMeSignedIn.ts). "Stay signed in" does what the identify form's checkbox does (a session
 * cookie that outlives the browser, the device remembered for MFA); "Don't stay signed in" goes on.
 * Either way the device was asked, which the sign-in records (see Step.staySignedInAsked).
 */
export class StaySignedInPrompt {
  constructor(private readonly steps: Steps) {}

  /** The prompt, when this sign-in ends with it; undefined: the sign-in may succeed. */
  async step(txn: IdxTransaction, { base, status }: Frame, situation: Situation): Promise<Step | undefined> {
    if (!(await this.due(txn, situation))) return undefined;
    return this.steps.respond(txn, { ...base(), remediations: [keepMeSignedIn()] }, status);
  }

  /** The answer, taken only while the prompt is the step: a sign-in cannot be made to stay by posting it earlier. */
  async submit(txn: IdxTransaction, input: Record<string, unknown>, ctx: RequestContext): Promise<void> {
    if (!(await this.due(txn, await this.steps.assess(txn, ctx.ip)))) throw new EngineError(400, [Messages.malformed], false);
    const answer = input.keepMeSignedIn;
    if (typeof answer !== 'boolean') throw new EngineError(400, [], false, { keepMeSignedIn: [Messages.requiredField('keepMeSignedIn')] });
    txn.state.keepSignedIn = answer;
    txn.state.staySignedInAsked = true;
    this.steps.txns.changed(txn);
  }

  /** Classic authn has no such step; otherwise the policy decides from what the device was asked before. */
  private async due(txn: IdxTransaction, situation: Situation): Promise<boolean> {
    const { user } = situation;
    if (txn.request.classic || !user || situation.choices !== 'satisfied') return false;
    const { deps } = this.steps;
    const device = txn.state.device;
    const question = {
      option: (await deps.config.orgSettings()).staySignedIn,
      rule: situation.requirement.keepMeSignedIn,
      decided: txn.state.keepSignedIn === true || txn.state.staySignedInAsked === true,
      authenticated: txn.state.verified.some((v) => v.at >= txn.createdAt),
    };
    if (!mayAskAfterSignIn(question)) return false;
    const askedAt = device ? await deps.store.signInHistory.staySignedInAskedAt(user.id, device) : undefined;
    return asksAfterSignIn({ ...question, askedAt, now: deps.clock.now() });
  }
}
