import { newSecret } from '../platform/ids.js';
import { DASHBOARD_CALLBACK_PATH, DASHBOARD_CLIENT_ID } from '../org/dashboardApp.js';
import { ENROLL_PROMPT } from './credentialEnrollment.js';

/** What Okta's clients send to have any second factor if possible (okta-auth-js asks it with enroll_authenticator). */
const ANY_TWO_FACTORS = 'urn:okta:2fa:any:ifpossible';

/** An authorization request of the dashboard on the org server, coming back to the org URL. */
function dashboardAuthorize(baseUrl: string, params: Record<string, string>): string {
  return `/oauth2/v1/authorize?${new URLSearchParams({ client_id: DASHBOARD_CLIENT_ID, redirect_uri: `${baseUrl}${DASHBOARD_CALLBACK_PATH}`, ...params })}`;
}

/**
 * The dashboard's sign-in. Its PKCE challenge is random: no verifier exists for it, so the code the
 * sign-in ends with can never be redeemed. The dashboard needs no token; what it needs is the
 * session cookie the sign-in sets on the org URL. With `login`, a sign-in again (max_age=0) of that
 * person: how a change to their security methods gets the recent verification it needs.
 */
export function signInUrl(baseUrl: string, login?: string): string {
  return dashboardSignIn(baseUrl, login !== undefined ? { max_age: '0', login_hint: login } : {});
}

const dashboardSignIn = (baseUrl: string, params: Record<string, string>): string =>
  dashboardAuthorize(baseUrl, { response_type: 'code', scope: 'openid', code_challenge: newSecret(32), code_challenge_method: 'S256', ...params });

/** Adding an authenticator as okta-auth-js's enrollAuthenticator asks it: the person verifies again, then enrolls the one of this amr. */
export function enrollUrl(baseUrl: string, amr: string, login: string): string {
  return dashboardAuthorize(baseUrl, {
    response_type: 'none', prompt: ENROLL_PROMPT, enroll_amr_values: amr, acr_values: ANY_TWO_FACTORS, max_age: '0', state: newSecret(16), login_hint: login,
  });
}

/** The dashboard's sign-in begun by a recovery token (the emailed reset link): at the new-password step. */
export function recoveryUrl(baseUrl: string, recoveryToken: string): string {
  return dashboardSignIn(baseUrl, { recovery_token: recoveryToken });
}

/** The dashboard's sign-in begun by an activation token (the emailed activation link). */
export function activationUrl(baseUrl: string, activationToken: string): string {
  return dashboardSignIn(baseUrl, { activation_token: activationToken });
}

/** Where a one-time sessionToken is traded for the session cookie on the way to the org's start page (Okta's path; served by classic/sessionRoutes.ts). */
export function sessionTradeUrl(baseUrl: string, sessionToken: string): string {
  return `/login/sessionCookieRedirect?${new URLSearchParams({ token: sessionToken, redirectUrl: `${baseUrl}/` })}`;
}
