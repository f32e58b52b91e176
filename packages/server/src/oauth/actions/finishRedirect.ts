import { EngineError } from '../../vocabulary/errors.js';
import type { RedirectFinish, RequestContext } from '../../engine/engine.js';
import type { SessionCookie } from '../../engine/sessions.js';
import type { OAuthDeps } from '../deps.js';
import { OAuthError } from '../errors.js';
import { authorizeGrant } from '../grants/grantPolicy.js';
import { loadSubject } from '../grants/subject.js';
import { customServerContext, orgServerContext, type ServerContext } from '../serverContext.js';
import { ORG_SERVER_ID } from '../../org/orgAuthServer.js';
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
export async function finishRedirectAction(
  deps: OAuthDeps, stateToken: string, request: RequestContext,
): Promise<Extract<AuthorizeOutcome, { kind: 'error-page' }> | (Extract<AuthorizeOutcome, { kind: 'respond' }> & { sessionCookie?: SessionCookie })> {
  let finish: RedirectFinish;
  try {
    finish = await deps.signIn.finishRedirect(stateToken, request);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return { kind: 'error-page', error: 'invalid_request', description: 'This sign-in has already finished or has expired. Return to the app and sign in again.' };
  }
  const asked = finish.request;
  const ctx = await serverOf(deps, finish);
  // A session made now (a Classic hosted sign-in's) is the browser's whatever the app is answered.
  const respond = (params: Record<string, string>) => ({
    kind: 'respond' as const, redirectUri: asked.redirectUri, mode: asked.authorize!.responseMode, issuer: ctx.issuer,
    params: { ...params, ...(asked.state && { state: asked.state }) }, sessionCookie: finish.sessionCookie,
  });
  // An enrollment (prompt=enroll_authenticator, response_type=none) sends the person back with the state alone.
  if (asked.enroll) return respond({});
  try {
    await allowGrant(deps, ctx, finish);
  } catch (error) {
    if (error instanceof OAuthError) return respond({ error: error.code, error_description: error.description });
    throw error;
  }
  return respond({ code: await finish.issueCode() });
}
