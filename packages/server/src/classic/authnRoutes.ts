import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext, SignInEngine } from '../engine/engine.js';
import type { Step } from '../engine/step.js';
import type { Store } from '../store/store.js';
import { ApiError } from '../http/apiError.js';
import { identifierLimit } from '../http/rateLimit.js';
import type { RateLimiter } from '../platform/rateLimiter.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages } from '../vocabulary/messages.js';
import { authnTransaction, LOCKED_OUT } from './authnResponse.js';
import { authenticationFailed, invalidPasscode, notAllowedNow, required, tooManyRequests } from './authnErrors.js';
import { authnTransactionOf, beginAuthn, str, type Body } from './authnTransactions.js';

/** A wrong password answered as a step (the engine keeps the transaction); a lock is the password authenticator's suspended message. */
const isLockout = (step: Step) => step.view.messages.some((m) => m.key === Messages.factorSuspended.key);

/**
 * The Classic Engine's Authentication API (`/api/v1/authn`): a thin surface over the same sign-in
 * engine as IDX. A transaction is an engine transaction of the org's dashboard app (Okta evaluates
 * authn against its own dashboard when no app is named), its stateToken the engine's state handle;
 * success hands out a one-time sessionToken instead of a code.
 */
export async function authnRoutes(app: FastifyInstance, deps: { engine: SignInEngine; store: Store; baseUrl: string; limiter: RateLimiter }): Promise<void> {
  const { engine, store, baseUrl } = deps;
  const perUsername = identifierLimit(deps.limiter, (r) => str(((r.body ?? {}) as Body).username));
  const context = (request: FastifyRequest): RequestContext => ({ ip: request.ip });

  async function send(reply: FastifyReply, step: Step): Promise<FastifyReply> {
    const user = step.view.user && (await store.users.findById(step.view.user.id));
    return reply.header('Cache-Control', 'no-store').send(authnTransaction(step, user, baseUrl));
  }

  const transactionOf = (body: Body) => authnTransactionOf(engine, body);

  /** Primary authentication: a new transaction that identifies with the password, as one request. */
  async function primary(body: Body, ctx: RequestContext): Promise<Step> {
    const username = str(body.username);
    const password = typeof body.password === 'string' ? body.password : undefined;
    if (!username) throw required('username');
    if (password === undefined) throw required('password');
    return engine.identify(await beginAuthn(engine), username, { passcode: password }, ctx);
  }

  app.post('/api/v1/authn', { preHandler: perUsername }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const ctx = context(request);
    if (str(body.stateToken) && body.username === undefined) return send(reply, await engine.introspect(await transactionOf(body), ctx));
    let step: Step;
    try {
      step = await primary(body, ctx);
    } catch (error) {
      if (error instanceof EngineError) throw authenticationFailed();
      throw error;
    }
    if (isLockout(step)) return reply.header('Cache-Control', 'no-store').send(LOCKED_OUT);
    // Unknown users, wrong passwords and refused sign-ins look alike.
    if (step.status !== 200 || !step.view.user || step.view.remediations.some((r) => r.name === 'identify')) throw authenticationFailed();
    return send(reply, step);
  });

  /** Verifies a factor of MFA_REQUIRED: chooses it (sending its code when it sends one), then checks the passCode if given. */
  app.post('/api/v1/authn/factors/:factorId/verify', async (request: FastifyRequest<{ Params: { factorId: string } }>, reply) => {
    const body = (request.body ?? {}) as Body;
    const ctx = context(request);
    let txn = await transactionOf(body);
    const step = await engine.introspect(txn, ctx);
    const chosen = [...step.view.authenticatorEnrollments].find((a) => a.enrollmentId === request.params.factorId);
    if (!chosen) throw new ApiError(404, 'E0000007', `Not found: Resource not found: ${request.params.factorId} (UserFactor)`);
    if (step.view.current?.enrollmentId !== chosen.enrollmentId) {
      await engine.select(txn, chosen.id, ctx, chosen.enrollmentId);
      txn = await engine.reload(txn);
    }
    const passCode = str(body.passCode) ?? str(body.answer);
    if (!passCode) return send(reply, await engine.introspect(txn, ctx));
    try {
      const answered = await engine.answer(txn, { passcode: passCode }, ctx);
      if (answered.status !== 200) throw invalidPasscode();
      return send(reply, answered);
    } catch (error) {
      if (error instanceof EngineError) throw error.status === 429 ? tooManyRequests() : invalidPasscode();
      throw error;
    }
  });

  /** Leaves the optional factors MFA_ENROLL offers (only when every one is optional). */
  app.post('/api/v1/authn/skip', async (request, reply) => {
    const step = await engine.skip(await transactionOf((request.body ?? {}) as Body), context(request));
    if (step.status !== 200) throw notAllowedNow();
    return send(reply, step);
  });

  app.post('/api/v1/authn/cancel', async (request, reply) => {
    await engine.cancel(await transactionOf((request.body ?? {}) as Body), context(request));
    return reply.header('Cache-Control', 'no-store').send({ _embedded: {} });
  });
}
