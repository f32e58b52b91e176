import { EngineError } from '../../vocabulary/errors.js';
import type { RedirectFinish } from '../../engine/engine.js';
import type { OAuthDeps } from '../deps.js';
import { OAuthError } from '../errors.js';
import { authorizeGrant } from '../grants/grantPolicy.js';
import { loadSubject } from '../grants/subject.js';
import { customServerContext, orgServerContext, ORG_SERVER_ID, type ServerContext } from '../serverContext.js';
import type { AuthorizeOutcome } from './authorize.js';

/** The context of the authorization server a finished sign-in was for. */
async function serverOf(deps: OAuthDeps, finish: RedirectFinish): Promise<ServerContext> {
  const server = finish.serverId === ORG_SERVER_ID ? undefined : await deps.config.server(finish.serverId);
  return server ? customServerContext(deps.baseUrl, server) : orgServerContext(deps.baseUrl);
}

/** The authorization server's access policy, asked for the signed-in user as the authorization_code grant will be. */
async function allowGrant(deps: OAuthDeps, ctx: ServerContext, finish: RedirectFinish): Promise<void> {
  const subject = await loadSubject(deps.store, finish.userId, 0, [], 'The user may no longer sign in.');
  authorizeGrant(ctx, { clientId: finish.clientId, grantType: 'authorization_code', scopes: finish.request.scopes, user: { id: subject.user.id, groups: subject.groups } });
}

/**
 * GET /login/token/redirect?stateToken=…: the last step of the redirect flow. The hosted page's
 * widget follows the IDX success link here; the browser goes back to the app with a single-use
 * authorization code, or with access_denied when the authorization server's access policy refuses
 * the user (decided now, as Okta does at /authorize, rather than by /token later).
 */
export async function finishRedirectAction(deps: OAuthDeps, stateToken: string): Promise<Extract<AuthorizeOutcome, { kind: 'error-page' | 'respond' }>> {
  let finish: RedirectFinish;
  try {
    finish = await deps.signIn.finishRedirect(stateToken);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return { kind: 'error-page', error: 'invalid_request', description: 'This sign-in has already finished or has expired. Return to the app and sign in again.' };
  }
  const { request } = finish;
  const ctx = await serverOf(deps, finish);
  const respond = (params: Record<string, string>): AuthorizeOutcome & { kind: 'respond' } => ({
    kind: 'respond', redirectUri: request.redirectUri, mode: request.authorize!.responseMode, issuer: ctx.issuer, params: { ...params, ...(request.state && { state: request.state }) },
  });
  // An enrollment (prompt=enroll_authenticator, response_type=none) sends the person back with the state alone.
  if (request.enroll) return respond({});
  try {
    await allowGrant(deps, ctx, finish);
  } catch (error) {
    if (error instanceof OAuthError) return respond({ error: error.code, error_description: error.description });
    throw error;
  }
  return respond({ code: await finish.issueCode() });
}
