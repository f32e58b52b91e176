import type { RequestContext } from '../../engine/engine.js';
import { startInteraction } from '../interactionStart.js';
import { EngineError } from '../../vocabulary/errors.js';
import type { SessionCookie } from '../../engine/sessions.js';
import { evaluateAccessPolicy } from '../../policy/accessPolicy.js';
import type { OAuthDeps } from '../deps.js';
import { Describe, OAuthError, type OAuthErrorCode } from '../errors.js';
import { parseScopes, readParams, type Params } from '../params.js';
import { CHALLENGE } from '../pkce.js';
import { RESPONSE_MODES, type AuthorizationResponse, type ResponseMode } from '../responseMode.js';
import type { ServerContext } from '../serverContext.js';
import { authenticatorsForAmr, ENROLL_PROMPT } from '../../engine/credentialEnrollment.js';
import { hostedEngine } from '../../upgrade/routing.js';

/** What the browser is answered at /v1/authorize. */
export type AuthorizeOutcome =
  /** Nothing can be sent back to the client safely (unknown client, unregistered redirect URI). */
  | { kind: 'error-page'; error: OAuthErrorCode; description: string }
  /** An error sent back to the client's redirect URI. */
  | ({ kind: 'respond' } & AuthorizationResponse)
  /** The session already satisfies the policy: on to the success link, which sends the code back. */
  | { kind: 'continue'; location: string; sessionCookie?: SessionCookie }
  /** The hosted sign-in page continues this sign-in (in the session a sessionToken just made, if any). */
  | { kind: 'sign-in'; stateToken: string; username?: string; sessionCookie?: SessionCookie; classic?: true };

const PROMPTS = new Set(['none', 'login', 'consent', ENROLL_PROMPT]);
const INVALID_PROMPT = "The 'prompt' parameter is invalid.";

/**
 * GET {server}/v1/authorize (response_type=code): checks the request as RFC 6749 §4.1.2.1 orders —
 * errors about the client or the redirect URI are shown, not redirected — then starts a sign-in
 * transaction in the engine. A session that satisfies the app's policy finishes it at once (single
 * sign-on; prompt=login and max_age can refuse the session; a Classic sessionToken makes one first); prompt=none without one answers
 * login_required; otherwise the hosted sign-in page runs the IDX flow for it.
 */
export async function authorizeAction(deps: OAuthDeps, ctx: ServerContext, query: unknown, request: RequestContext): Promise<AuthorizeOutcome> {
  let params: Params;
  try {
    params = readParams(query);
  } catch (error) {
    if (error instanceof OAuthError) return { kind: 'error-page', error: error.code, description: error.description };
    throw error;
  }
  const app = params.client_id ? await deps.config.app(params.client_id) : undefined;
  if (!app || app.status !== 'ACTIVE') return { kind: 'error-page', error: 'invalid_client', description: Describe.unknownClient };
  const redirectUri = params.redirect_uri;
  // Redirect URIs match exactly (RFC 9700 §4.1.3).
  if (!redirectUri || !app.redirectUris.includes(redirectUri)) {
    return { kind: 'error-page', error: 'invalid_request', description: "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings" };
  }
  const mode = (params.response_mode ?? 'query') as ResponseMode;
  const state = params.state;
  const fail = (error: OAuthErrorCode, description: string): AuthorizeOutcome => ({
    kind: 'respond', redirectUri, mode: RESPONSE_MODES.includes(mode) ? mode : 'query', issuer: ctx.issuer,
    params: { error, error_description: description, ...(state !== undefined && { state }) },
  });
  if (!RESPONSE_MODES.includes(mode)) return fail('invalid_request', "The 'response_mode' parameter must be one of query, fragment, form_post or okta_post_message.");
  const prompts = new Set(parseScopes(params.prompt));
  // prompt=enroll_authenticator comes alone, with response_type=none: the app gets no code, only the person back (see credentialEnrollment).
  const enrolling = prompts.has(ENROLL_PROMPT);
  // A Classic app signs in through the Classic Engine: the transaction is authn's, its page Classic.
  const classic = hostedEngine((await deps.config.orgSettings()).engine, app) === 'classic';
  // The Classic Engine has no enrollment outside a sign-in: to it enroll_authenticator is a prompt it does not know.
  if (enrolling && classic) return fail('invalid_request', INVALID_PROMPT);
  if (params.response_type !== (enrolling ? 'none' : 'code')) return fail('unsupported_response_type', `The response type is not supported by the authorization server. Configured response types: [code].`);
  if (!app.grantTypes.includes('authorization_code')) return fail('unauthorized_client', 'The client is not authorized to use the provided grant type. Configured grant types: [' + app.grantTypes.join(', ') + '].');

  const scopes = parseScopes(params.scope);
  if (scopes.length === 0 && !enrolling) return fail('invalid_scope', "The 'scope' parameter is required.");
  const known = new Set(ctx.server.scopes.map((s) => s.name));
  if (scopes.some((s) => !known.has(s))) return fail('invalid_scope', Describe.unknownScopes);

  const challenge = params.code_challenge;
  if (challenge !== undefined && ((params.code_challenge_method ?? 'S256') !== 'S256' || !CHALLENGE.test(challenge))) {
    return fail('invalid_request', "PKCE code challenge method must be S256 with a 43-character 'code_challenge'.");
  }
  if (challenge === undefined && app.tokenEndpointAuthMethod === 'none' && !enrolling) {
    return fail('invalid_request', "PKCE code challenge is required when the token endpoint authentication method is 'NONE'.");
  }

  if ([...prompts].some((p) => !PROMPTS.has(p)) || ((prompts.has('none') || enrolling) && prompts.size > 1)) return fail('invalid_request', INVALID_PROMPT);
  const enroll = enrolling ? authenticatorsForAmr(params.enroll_amr_values) : [];
  if (enrolling && enroll.length === 0) return fail('invalid_request', "The 'enroll_amr_values' parameter must name an authenticator that can be enrolled.");
  const maxAge = params.max_age === undefined ? null : Number(params.max_age);
  if (maxAge !== null && (!Number.isInteger(maxAge) || maxAge < 0)) return fail('invalid_request', "The 'max_age' parameter must be a non-negative integer.");

  // The user is not known yet: the grant must be allowed to someone for this client and these scopes (an enrollment grants nothing).
  if (!enrolling && !evaluateAccessPolicy(ctx.server, { clientId: app.clientId, grantType: 'authorization_code', scopes }).allowed) return fail('access_denied', Describe.policyFailed);

  const engine = deps.signIn;
  const interaction = {
    redirectUri, scopes, state: state ?? '', codeChallenge: challenge ?? null, codeChallengeMethod: challenge ? 'S256' as const : null, nonce: params.nonce ?? null,
    authorize: { responseMode: mode, maxAge, forceLogin: prompts.has('login') },
    ...(enrolling && { enroll: { authenticatorKeys: enroll } }),
    ...(classic && { classic: true as const }),
  };
  // recovery_token, activation_token: the emailed reset and activation links (hosted/resetLinkRoutes.ts, hosted/activationLinkRoutes.ts).
  const started = await startInteraction(engine, app.clientId, ctx.server.id, interaction, params);
  if ('invalid' in started) return fail('invalid_request', started.invalid);
  const txn = await engine.byInteractionHandle(started.handle);
  // A Classic sessionToken (okta-auth-js's signInWithRedirect({ sessionToken })) becomes the browser's session first.
  const traded = params.sessionToken ? (await engine.sessionFromToken(params.sessionToken, request, app.clientId))?.cookie : undefined;
  const session = traded ? { ...request, sessionToken: traded.token } : request;
  let stateToken = engine.stateHandle(txn);
  try {
    const step = await engine.sessionStep(txn, session);
    const success = step.view.success;
    if (success && 'redirect' in success) return { kind: 'continue', location: success.redirect, sessionCookie: step.sessionCookie ?? traded };
  } catch (error) {
    // A session the policy refuses: the page shows the refusal (and can sign in someone else).
    if (!(error instanceof EngineError)) throw error;
    // Classic's page cannot show a refusal before primary authentication: it starts over, for someone else to sign in.
    if (classic && !prompts.has('none')) stateToken = (await engine.cancel(txn, request)).stateHandle;
  }
  if (prompts.has('none')) return fail('login_required', 'The client specified not to prompt, but the user is not logged in.');
  return {
    kind: 'sign-in', stateToken, ...(params.login_hint && { username: params.login_hint }), ...(traded && { sessionCookie: traded }), ...(classic && { classic: true as const }),
  };
}
