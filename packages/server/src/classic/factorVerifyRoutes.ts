import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticatorByKey } from '../authenticators/registry.js';
import { invalidPasscode, noSuchFactor, notAllowedNow, refusedAs } from './authnErrors.js';
import { authnContext, bodyOf, context, str, type AuthnDeps } from './authnContext.js';
import { choiceOf } from './factorChoice.js';
import { rememberDeviceOf } from './rememberDevice.js';

type FactorRequest = FastifyRequest<{ Params: { factorId: string } }>;

/**
 * Verifying a factor of MFA_REQUIRED (`/api/v1/authn/factors/{id}/verify`): the first call chooses it
 * (sending its code or push: MFA_CHALLENGE), a passCode (or a security question's answer) verifies
 * it, and a push is polled at the same URL until the device answers. `/verify/resend` sends again.
 */
export async function factorVerifyRoutes(app: FastifyInstance, deps: AuthnDeps): Promise<void> {
  const { engine } = deps;
  const { send, transactionOf } = authnContext(deps);

  app.post('/api/v1/authn/factors/:factorId/verify', async (request: FactorRequest, reply) => {
    const body = bodyOf(request);
    const ctx = context(request);
    let txn = await transactionOf(body);
    const step = await engine.introspect(txn, ctx);
    const chosen = step.view.authenticatorEnrollments.find((a) => a.enrollmentId === request.params.factorId);
    if (!chosen || step.view.current?.enrolling) throw noSuchFactor(request.params.factorId);
    const remember = rememberDeviceOf(request);
    if (remember !== undefined) await engine.rememberDevice(txn, remember);
    const authenticator = authenticatorByKey(chosen.key)!;
    if (step.view.current?.enrollmentId !== chosen.enrollmentId) {
      // An enrollment listed once answers as its kind's own method (the phone's: sms).
      const choice = choiceOf(authenticator, false, { methodType: authenticator.methodType });
      await refusedAs(() => engine.select(txn, chosen.id, ctx, chosen.enrollmentId, choice), notAllowedNow);
      txn = await engine.reload(txn);
    }
    // A push is answered on the device: each call polls for that answer (REJECTED and TIMEOUT are answers too).
    if (authenticator.answeredElsewhere) return send(reply, await engine.poll(txn, ctx));
    // A code is the passCode, a security question's answer the answer: each authenticator reads its own.
    const passcode = str(body.passCode);
    const answer = str(body.answer);
    if (!passcode && !answer) return send(reply, await engine.introspect(txn, ctx));
    return send(reply, await refusedAs(() => engine.answer(txn, { ...(passcode && { passcode }), ...(answer && { answer }) }, ctx), invalidPasscode));
  });

  app.post('/api/v1/authn/factors/:factorId/verify/resend', async (request: FactorRequest, reply) => {
    const txn = await transactionOf(bodyOf(request));
    const ctx = context(request);
    const { current } = (await engine.introspect(txn, ctx)).view;
    if (!current || current.enrolling || current.enrollmentId !== request.params.factorId) throw notAllowedNow();
    return send(reply, await refusedAs(() => engine.resend(txn, ctx), notAllowedNow));
  });
}
