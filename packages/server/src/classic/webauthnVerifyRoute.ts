import type { FastifyInstance } from 'fastify';
import { WEBAUTHN_KEY } from '../authenticators/webauthn/relyingParty.js';
import { noSuchFactor } from './authnErrors.js';
import { authnContext, context, type AuthnDeps } from './authnContext.js';
import { bodyOf } from '../http/requestBody.js';
import { verifyChosen } from './factorVerification.js';
import { rememberDeviceOf } from './rememberDevice.js';
import { BY_TYPE_PATH, byFactorType, WEBAUTHN_FACTOR_TYPE } from './webauthnFactorType.js';

/**
 * `POST /api/v1/authn/factors/webauthn/verify`: verifying WebAuthn by factorType. The first call makes
 * one challenge for all the user's WebAuthn factors (MFA_CHALLENGE with `_embedded.challenge` and
 * `_embedded.factors`); the assertion of any of them (clientData, authenticatorData, signatureData)
 * then verifies, as a factor's own verify does (see verifyChosen).
 */
export async function webauthnVerifyRoute(app: FastifyInstance, deps: AuthnDeps): Promise<void> {
  const { engine, baseUrl } = deps;
  const { send, transactionOf } = authnContext(deps);

  app.post(`/api/v1/authn${BY_TYPE_PATH}`, async (request, reply) => {
    const body = bodyOf(request);
    const ctx = context(request);
    const txn = await transactionOf(body);
    const { view } = await engine.introspect(txn, ctx);
    // The engine challenges one enrollment of the kind; its verification accepts any of the user's credentials.
    const first = view.authenticatorEnrollments.find((a) => a.key === WEBAUTHN_KEY);
    if (!first || view.current?.enrolling) throw noSuchFactor(WEBAUTHN_FACTOR_TYPE);
    const step = await verifyChosen(engine, txn, first, view.current?.key === WEBAUTHN_KEY, body, ctx, rememberDeviceOf(request));
    return send(reply, step, (transaction) => byFactorType(transaction, step.view, baseUrl));
  });
}
