import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext, SignInEngine } from '../engine/engine.js';
import type { Step } from '../engine/step.js';
import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import { authnRequest } from '../engine/classicRequest.js';
import { DASHBOARD_CLIENT_ID } from '../org/dashboardApp.js';
import { ORG_SERVER_ID } from '../org/orgAuthServer.js';
import type { Store } from '../store/store.js';
import type { User } from '../store/repositories/users.js';
import type { RateLimiter } from '../platform/rateLimiter.js';
import type { SignInMemory } from '../engine/signInSignals.js';
import { EngineError } from '../vocabulary/errors.js';
import { authnTransaction } from './authnResponse.js';
import { invalidStateToken } from './authnErrors.js';
import { str, type Body } from '../http/requestBody.js';

export interface AuthnDeps { engine: SignInEngine; store: Store; baseUrl: string; limiter: RateLimiter; memory: SignInMemory }

export const context = (request: FastifyRequest): RequestContext => ({ ip: request.ip });

/** A new authn transaction: an engine transaction of the org's dashboard app (Okta evaluates authn against its dashboard), keeping the app's relayState. */
export const beginAuthn = async (engine: SignInEngine, relayState?: string): Promise<IdxTransaction> =>
  engine.byInteractionHandle(await engine.begin(DASHBOARD_CLIENT_ID, ORG_SERVER_ID, authnRequest(relayState)));

/** What every authn call does: find the transaction its stateToken names, and answer a step as a transaction. */
export function authnContext({ engine, store, baseUrl }: AuthnDeps) {
  /** The record of the user a step names (undefined: nobody matched). */
  const userOf = async (step: Step): Promise<User | undefined> => (step.view.user ? store.users.findById(step.view.user.id) : undefined);

  /** `shape`: how a call answers the transaction otherwise than its status (WebAuthn verified by factorType). */
  async function send(reply: FastifyReply, step: Step, shape = (transaction: Record<string, unknown>) => transaction): Promise<FastifyReply> {
    return reply.header('Cache-Control', 'no-store').send(shape(authnTransaction(step, await userOf(step), baseUrl)));
  }

  /** The live transaction of the body's stateToken; unknown, ended, expired, or not a Classic one (an IDX stateHandle): E0000011. */
  async function transactionOf(body: Body): Promise<IdxTransaction> {
    const token = str(body.stateToken);
    if (!token) throw invalidStateToken();
    try {
      const txn = await engine.byStateHandle(token);
      if (!txn.request.classic) throw invalidStateToken();
      return txn;
    } catch (error) {
      if (error instanceof EngineError) throw invalidStateToken();
      throw error;
    }
  }

  return { send, transactionOf, userOf };
}
