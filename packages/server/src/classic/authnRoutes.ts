import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../engine/engine.js';
import { beginActivationAuthn } from '../engine/classicActivation.js';
import type { Step } from '../engine/step.js';
import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import { activationTokenLimit, identifierLimit } from '../http/rateLimit.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages } from '../vocabulary/messages.js';
import { LOCKED_OUT } from './authnResponse.js';
import { authenticationFailed, invalidStateToken, notAllowedNow, refusedAs } from './authnErrors.js';
import { required } from '../http/apiError.js';
import { authnContext, beginAuthn, context, type AuthnDeps } from './authnContext.js';
import { bodyOf, str } from '../http/requestBody.js';
import { factorVerifyRoutes } from './factorVerifyRoutes.js';
import { webauthnVerifyRoute } from './webauthnVerifyRoute.js';
import { factorEnrollRoutes } from './factorEnrollRoutes.js';
import { changePasswordRoute } from './changePasswordRoute.js';
import { questionsRoute } from './questionsRoute.js';
import { authnDevice } from './rememberDevice.js';
import { relayStateOf } from './relayState.js';
import { deviceCookie } from '../http/cookies.js';
import { resumedRecoveryStatus } from './recoveryStatus.js';

/** A wrong password answered as a step (the engine keeps the transaction); a lock is the password authenticator's suspended message. */
const isLockout = (step: Step) => step.view.messages.some((m) => m.key === Messages.factorSuspended.key);

/**
 * The Classic Engine's Authentication API (`/api/v1/authn`): a thin surface over the same sign-in
 * engine as IDX. A transaction is an engine transaction of the org's dashboard app (Okta evaluates
 * authn against its own dashboard when no app is named), its stateToken the engine's state handle;
 * success hands out a one-time sessionToken instead of a code. Factors: factorVerifyRoutes and
 * factorEnrollRoutes; expired passwords: changePasswordRoute.
 */
export async function authnRoutes(app: FastifyInstance, deps: AuthnDeps): Promise<void> {
  const { engine } = deps;
  const { send, transactionOf, userOf } = authnContext(deps);
  const perUsername = identifierLimit(deps.limiter, (r) => str(bodyOf(r).username));
  const perAddressTokens = activationTokenLimit(deps.limiter, (r) => (bodyOf(r).username === undefined ? str(bodyOf(r).token) : undefined));

  /**
   * Primary authentication: a new transaction, with the app's relayState, that identifies with the
   * password, as one request; with a stateToken, the hosted page's transaction it names (left
   * unidentified when refused, for another try). Either remembers the device it comes from (see authnDevice).
   */
  async function primary(request: FastifyRequest, reply: FastifyReply, ctx: RequestContext): Promise<Step> {
    const body = bodyOf(request);
    const username = str(body.username);
    const password = typeof body.password === 'string' ? body.password : undefined;
    if (!username) throw required('username', 'authRequest');
    if (password === undefined) throw required('password', 'authRequest');
    const device = authnDevice(request, body, deps.memory);
    if (device.newToken) reply.header('Set-Cookie', deviceCookie(device.newToken, { secure: deps.baseUrl.startsWith('https:') }));
    if (str(body.stateToken)) {
      const hosted = await transactionOf(body);
      hosted.state.device = device.hash;
      return engine.authenticate(hosted, username, password, ctx);
    }
    const txn = await beginAuthn(engine, relayStateOf(body));
    txn.state.device = device.hash;
    return engine.identify(txn, username, { passcode: password }, ctx);
  }

  /** The transaction's current status; a recovery or unlock answers as its routes did last (RECOVERY_CHALLENGE, RECOVERY, PASSWORD_RESET). */
  async function introspect(txn: IdxTransaction, ctx: RequestContext, reply: FastifyReply): Promise<FastifyReply> {
    return answer(txn, await refusedAs(() => engine.introspect(txn, ctx), invalidStateToken), reply);
  }

  async function answer(txn: IdxTransaction, step: Step, reply: FastifyReply): Promise<FastifyReply> {
    const status = resumedRecoveryStatus(txn, step, await userOf(step), deps.baseUrl);
    return status ? reply.header('Cache-Control', 'no-store').send(status) : send(reply, step);
  }

  /**
   * Primary authentication with an activation token (the emailed activation link's): the activation
   * it begins, at the first password (PASSWORD_RESET), or for a user who has one at what the policy asks
   * next (SUCCESS, MFA_ENROLL). A token that cannot be used, unknown, used or expired, answers as a wrong
   * password does (Okta's reference: 401 E0000004, "invalid or expired token").
   */
  async function activate(token: string, relayState: string | undefined, ctx: RequestContext, reply: FastifyReply): Promise<FastifyReply> {
    const begun = await beginActivationAuthn(engine, token, ctx, relayState);
    if (!begun) throw authenticationFailed();
    return answer(begun.txn, begun.step, reply);
  }

  app.post('/api/v1/authn', { preHandler: [perUsername, perAddressTokens] }, async (request, reply) => {
    const body = bodyOf(request);
    const ctx = context(request);
    if (str(body.stateToken) && body.username === undefined) return introspect(await transactionOf(body), ctx, reply);
    const activationToken = str(body.token);
    if (activationToken && body.username === undefined) return activate(activationToken, relayStateOf(body), ctx, reply);
    let step: Step;
    try {
      step = await primary(request, reply, ctx);
    } catch (error) {
      if (error instanceof EngineError) throw authenticationFailed();
      throw error;
    }
    if (isLockout(step)) return reply.header('Cache-Control', 'no-store').send(LOCKED_OUT);
    // Unknown users, wrong passwords and refused sign-ins look alike.
    if (step.status !== 200 || !step.view.user || step.view.remediations.some((r) => r.name === 'identify')) throw authenticationFailed();
    return send(reply, step);
  });

  // okta-auth-js's tx.introspect (Okta's v1 pipeline introspection): the same current status.
  app.post('/api/v1/authn/introspect', async (request, reply) => introspect(await transactionOf(bodyOf(request)), context(request), reply));

  /** Leaves the optional factors MFA_ENROLL offers (only when every one is optional), or PASSWORD_WARN. */
  app.post('/api/v1/authn/skip', async (request, reply) => {
    const txn = await transactionOf(bodyOf(request));
    return send(reply, await refusedAs(() => engine.skip(txn, context(request)), notAllowedNow));
  });

  /** Back from MFA_CHALLENGE to MFA_REQUIRED, or from MFA_ENROLL_ACTIVATE to MFA_ENROLL. */
  app.post('/api/v1/authn/previous', async (request, reply) => {
    const txn = await transactionOf(bodyOf(request));
    return send(reply, await refusedAs(() => engine.previous(txn, context(request)), notAllowedNow));
  });

  app.post('/api/v1/authn/cancel', async (request, reply) => {
    await engine.cancel(await transactionOf(bodyOf(request)), context(request));
    return reply.header('Cache-Control', 'no-store').send({ _embedded: {} });
  });

  await factorVerifyRoutes(app, deps);
  await webauthnVerifyRoute(app, deps);
  await factorEnrollRoutes(app, deps);
  await changePasswordRoute(app, deps);
  await questionsRoute(app);
}
