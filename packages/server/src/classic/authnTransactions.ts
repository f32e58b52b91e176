import type { SignInEngine } from '../engine/engine.js';
import type { IdxTransaction, InteractRequest } from '../store/repositories/idxTransactions.js';
import { EngineError } from '../vocabulary/errors.js';
import { DASHBOARD_CLIENT_ID } from '../org/dashboardApp.js';
import { ORG_SERVER_ID } from '../oauth/serverContext.js';
import { invalidStateToken } from './authnErrors.js';

export type Body = Record<string, unknown>;
export const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** What an authn transaction asks the engine: a sign-in of the org's dashboard, by the Classic API (no redirect, no code). */
export const CLASSIC_REQUEST: InteractRequest = { redirectUri: '', scopes: [], state: '', codeChallenge: null, codeChallengeMethod: null, nonce: null, classic: true };

/** A new authn transaction: an engine transaction of the org's dashboard app (Okta evaluates authn against its dashboard). */
export const beginAuthn = async (engine: SignInEngine): Promise<IdxTransaction> =>
  engine.byInteractionHandle(await engine.begin(DASHBOARD_CLIENT_ID, ORG_SERVER_ID, CLASSIC_REQUEST));

/** The transaction a request's stateToken names; an unknown, forged or ended one is Okta's E0000011. */
export async function authnTransactionOf(engine: SignInEngine, body: Body): Promise<IdxTransaction> {
  const token = str(body.stateToken);
  if (!token) throw invalidStateToken();
  try {
    return await engine.byStateHandle(token);
  } catch (error) {
    if (error instanceof EngineError) throw invalidStateToken();
    throw error;
  }
}
