import type { InteractRequest } from '../store/repositories/idxTransactions.js';
import type { SignInEngine } from '../engine/engine.js';

/**
 * Begins the interaction an authorization request asks for (/v1/interact, /v1/authorize): by a
 * recovery token (the emailed reset link) at the new password, by an activation token (the emailed
 * activation link) at the activation, else a sign-in. Answers the interaction handle, or the
 * error_description of Okta's invalid_request for a token that cannot be used.
 */
export async function startInteraction(
  engine: SignInEngine, clientId: string, serverId: string, request: InteractRequest, tokens: { recovery_token?: string; activation_token?: string },
): Promise<{ handle: string } | { invalid: string }> {
  if (tokens.recovery_token !== undefined) {
    const handle = await engine.beginRecovery(clientId, serverId, request, tokens.recovery_token);
    return handle ? { handle } : { invalid: 'The recovery token is invalid' };
  }
  if (tokens.activation_token !== undefined) {
    const handle = await engine.beginActivation(clientId, serverId, request, tokens.activation_token);
    return handle ? { handle } : { invalid: 'The activation token is invalid' };
  }
  return { handle: await engine.begin(clientId, serverId, request) };
}
