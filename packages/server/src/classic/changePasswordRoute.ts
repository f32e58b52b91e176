import type { FastifyInstance } from 'fastify';
import type { Step } from '../engine/step.js';
import { EngineError } from '../vocabulary/errors.js';
import { notAllowedNow, oldPasswordWrong, passwordNotAllowed, rateLimited } from './authnErrors.js';
import { required } from '../http/apiError.js';
import { authnContext, context, type AuthnDeps } from './authnContext.js';
import { bodyOf } from '../http/requestBody.js';

/**
 * PASSWORD_EXPIRED and PASSWORD_WARN: `POST /api/v1/authn/credentials/change_password` with the old
 * and the new password. The new one must meet the password policy (Okta's E0000080 with the rules);
 * a wrong old one counts as a wrong password.
 */
export async function changePasswordRoute(app: FastifyInstance, deps: AuthnDeps): Promise<void> {
  const { engine } = deps;
  const { send, transactionOf } = authnContext(deps);

  app.post('/api/v1/authn/credentials/change_password', async (request, reply) => {
    const body = bodyOf(request);
    const txn = await transactionOf(body);
    if (typeof body.oldPassword !== 'string' || body.oldPassword === '') throw required('oldPassword', 'changePasswordRequest');
    if (typeof body.newPassword !== 'string' || body.newPassword === '') throw required('newPassword', 'changePasswordRequest');
    let step: Step;
    try {
      step = await engine.renewPassword(txn, body.oldPassword, body.newPassword, context(request));
    } catch (error) {
      // The policy's refusal comes as the new password's field messages.
      if (error instanceof EngineError && Object.keys(error.fieldMessages).length > 0) throw passwordNotAllowed(Object.values(error.fieldMessages).flat().map((m) => m.text));
      throw error;
    }
    if (step.status === 429) throw rateLimited();
    if (step.status === 400) throw notAllowedNow();
    if (step.status !== 200) throw oldPasswordWrong();
    return send(reply, step);
  });
}
