import type { RequestContext, SignInEngine } from '../engine/engine.js';
import type { AuthenticatorView, Step } from '../engine/step.js';
import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import { authenticatorByKey } from '../authenticators/registry.js';
import { invalidPasscode, notAllowedNow, refusedAs } from './authnErrors.js';
import type { Body } from '../http/requestBody.js';
import { choiceOf } from './factorChoice.js';
import { verifyAnswer } from './factorAnswers.js';

/**
 * A verify call on one of the user's factors: it chooses the factor unless its challenge is already
 * `underWay` (choosing sends its code or push, or makes a WebAuthn challenge); then a push is polled
 * (REJECTED and TIMEOUT are answers too), an answer in the body is verified (a refusal is E0000068),
 * and without one the challenge is shown. `rememberDevice` (the call's `?rememberDevice=`) is kept with the
 * transaction for when MFA succeeds.
 */
export async function verifyChosen(
  engine: SignInEngine, txn: IdxTransaction, chosen: AuthenticatorView, underWay: boolean, body: Body, ctx: RequestContext, rememberDevice: boolean | undefined,
): Promise<Step> {
  const authenticator = authenticatorByKey(chosen.key)!;
  if (rememberDevice !== undefined) await engine.rememberDevice(txn, rememberDevice);
  if (!underWay) {
    // An enrollment listed once answers as its kind's own method (the phone's: sms).
    const choice = choiceOf(authenticator, false, { methodType: authenticator.methodType });
    await refusedAs(() => engine.select(txn, chosen.id, ctx, chosen.enrollmentId, choice), notAllowedNow);
    txn = await engine.reload(txn);
  }
  if (authenticator.answeredElsewhere) return engine.poll(txn, ctx);
  const credentials = verifyAnswer(body);
  if (!credentials) return engine.introspect(txn, ctx);
  return refusedAs(() => engine.answer(txn, credentials, ctx), invalidPasscode);
}
