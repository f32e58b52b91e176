import type { AccessRule } from '../../store/repositories/authServers.js';
import { evaluateAccessPolicy } from '../../policy/accessPolicy.js';
import { Describe, OAuthError } from '../errors.js';
import type { ServerContext } from '../serverContext.js';

/** Checks the scopes exist on the server and asks its access policy; answers the rule that allows the grant. */
export function authorizeGrant(ctx: ServerContext, request: { clientId: string; grantType: string; scopes: string[]; user?: { id: string; groups: string[] } }): AccessRule {
  const known = new Set(ctx.server.scopes.map((s) => s.name));
  if (request.scopes.some((s) => !known.has(s))) throw new OAuthError('invalid_scope', Describe.unknownScopes);
  const decision = evaluateAccessPolicy(ctx.server, request);
  if (!decision.allowed) throw new OAuthError('access_denied', Describe.policyFailed);
  return decision.rule;
}
