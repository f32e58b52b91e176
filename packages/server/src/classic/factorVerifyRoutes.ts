import type { FastifyInstance, FastifyRequest } from 'fastify';
import { noSuchFactor, notAllowedNow, refusedAs } from './authnErrors.js';
import { authnContext, context, type AuthnDeps } from './authnContext.js';
import { bodyOf } from '../http/requestBody.js';
import { verifyChosen } from './factorVerification.js';
import { rememberDeviceOf } from './rememberDevice.js';

type FactorRequest = FastifyRequest<{ Params: { factorId: string } }>;

/**
 * Verifying a factor of MFA_REQUIRED (`/api/v1/authn/factors/{id}/verify`): the first call chooses it
 * (sending its code or push, or making a WebAuthn challenge: MFA_CHALLENGE), a passCode (a security
 * question's answer, a WebAuthn assertion) verifies it, and a push is polled at the same URL until the
 * device answers (see verifyChosen). `/verify/resend` sends again.
 */
export async function factorVerifyRoutes(app: FastifyInstance, deps: AuthnDeps): Promise<void> {
  const { engine } = deps;
  const { send, transactionOf } = authnContext(deps);

  app.post('/api/v1/authn/factors/:factorId/verify', async (request: FactorRequest, reply) => {
    const body = bodyOf(request);
    const ctx = context(request);
    const txn = await transactionOf(body);
    const { view } = await engine.introspect(txn, ctx);
    const chosen = view.authenticatorEnrollments.find((a) => a.enrollmentId === request.params.factorId);
    if (!chosen || view.current?.enrolling) throw noSuchFactor(request.params.factorId);
    return send(reply, await verifyChosen(engine, txn, chosen, view.current?.enrollmentId === chosen.enrollmentId, body, ctx, rememberDeviceOf(request)));
  });

  app.post('/api/v1/authn/factors/:factorId/verify/resend', async (request: FactorRequest, reply) => {
    const txn = await transactionOf(bodyOf(request));
    const ctx = context(request);
    const { current } = (await engine.introspect(txn, ctx)).view;
    if (!current || current.enrolling || current.enrollmentId !== request.params.factorId) throw notAllowedNow();
    return send(reply, await refusedAs(() => engine.resend(txn, ctx), notAllowedNow));
  });
}
