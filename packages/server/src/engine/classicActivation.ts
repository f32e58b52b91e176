import { authenticatorIdOf, type RequestContext, type SignInEngine } from './engine.js';
import { authenticatorByKey } from '../authenticators/registry.js';
import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { Step } from './step.js';
import { DASHBOARD_CLIENT_ID } from '../org/dashboardApp.js';
import { ORG_SERVER_ID } from '../org/orgAuthServer.js';
import { EngineError } from '../vocabulary/errors.js';
import { authnRequest } from './classicRequest.js';

const PASSWORD = authenticatorByKey('okta_password')!;

/**
 * An authn transaction begun by an activation token, on the engine's activation journey: the token is
 * used up. The Classic API (`POST /api/v1/authn {token}`) and the hosted Classic page of the emailed
 * link (hosted/activationLinkRoutes.ts) both begin one, so it lives here, below both surfaces. Classic
 * asks the first password before any factor (PASSWORD_RESET), so when the policy offers it among
 * others it is chosen at once; a user who has a password is past it already (see activationState).
 * With the step the transaction stands at (a SUCCESS is not worked out twice). Undefined for a token
 * that cannot be used, unknown, used or expired alike (Classic offers no new link from it), and for a
 * user the policy refuses.
 */
export async function beginActivationAuthn(engine: SignInEngine, activationToken: string, ctx: RequestContext, relayState?: string): Promise<{ txn: IdxTransaction; step: Step } | undefined> {
  const handle = await engine.beginActivation(DASHBOARD_CLIENT_ID, ORG_SERVER_ID, authnRequest(relayState), activationToken, false);
  if (!handle) return undefined;
  const txn = await engine.byInteractionHandle(handle);
  try {
    const step = await engine.introspect(txn, ctx);
    if (step.status !== 200) return undefined;
    if (!step.view.authenticators?.some((a) => a.key === PASSWORD.key)) return { txn, step };
    const chosen = await engine.selectEnrollment(txn, authenticatorIdOf(PASSWORD), ctx);
    return { txn: await engine.reload(txn), step: chosen };
  } catch (error) {
    // The policy refuses the user: in authn, as any refused sign-in, like a token that cannot be used.
    if (error instanceof EngineError) return undefined;
    throw error;
  }
}
