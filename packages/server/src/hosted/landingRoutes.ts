import type { FastifyInstance, FastifyRequest } from 'fastify';
import formBody from '@fastify/formbody';
import type { Store } from '../store/store.js';
import type { App } from '../store/repositories/apps.js';
import type { User } from '../store/repositories/users.js';
import { newSecret } from '../platform/ids.js';
import type { SignInEngine } from '../engine/engine.js';
import { readCookie, removedCookie, SESSION_COOKIE } from '../http/cookies.js';
import { DASHBOARD_CALLBACK_PATH, DASHBOARD_CLIENT_ID } from '../org/dashboardApp.js';
import { ORG_SETTINGS } from '../org/configCache.js';
import { sendLandingPage, type LandingApp } from './landingPage.js';
import { sendMessagePage } from './messagePage.js';

export interface LandingDeps {
  store: Store;
  baseUrl: string;
  /** Sign-out goes through the engine, as /v1/logout's does. */
  signIn: SignInEngine;
}

/** Okta's sign-out path for the org's own pages. */
const SIGN_OUT_PATH = '/login/signout';

/**
 * The dashboard's authorization request on the org server. Its PKCE challenge is random: no verifier
 * exists for it, so the code the sign-in ends with can never be redeemed. The dashboard needs no
 * token; what it needs is the session cookie the sign-in sets on the org URL.
 */
function signInUrl(baseUrl: string): string {
  const query = new URLSearchParams({
    client_id: DASHBOARD_CLIENT_ID, response_type: 'code', scope: 'openid', redirect_uri: `${baseUrl}${DASHBOARD_CALLBACK_PATH}`,
    code_challenge: newSecret(32), code_challenge_method: 'S256',
  });
  return `/oauth2/v1/authorize?${query}`;
}

/** Apps a person can open: active, with a web page (the origin of the first http(s) redirect URI). */
function openableApps(apps: App[]): LandingApp[] {
  return apps.flatMap((app) => {
    const uri = app.status === 'ACTIVE' && app.type !== 'service' ? app.redirectUris.find((u) => /^https?:\/\//.test(u) && URL.canParse(u)) : undefined;
    return uri ? [{ label: app.label, url: new URL(uri).origin }] : [];
  });
}

const displayName = (user: User): string => [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ') || user.login;

/** GET / (the landing page), the dashboard's sign-in callback, and POST /login/signout. */
export async function landingRoutes(app: FastifyInstance, deps: LandingDeps): Promise<void> {
  await app.register(formBody);
  const secure = deps.baseUrl.startsWith('https:');
  const sessionOf = async (request: FastifyRequest) => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const session = token ? await deps.signIn.session(token) : undefined;
    return session && token ? { token, session } : undefined;
  };

  app.get('/', async (request, reply) => {
    const found = await sessionOf(request);
    const user = found && (await deps.store.users.findById(found.session.userId));
    const orgName = (await deps.store.settings.get(ORG_SETTINGS.name)) ?? 'Latchkey';
    return sendLandingPage(reply, {
      orgName, signInUrl: signInUrl(deps.baseUrl), signOutPath: SIGN_OUT_PATH,
      ...(user && { user: { name: displayName(user), login: user.login, apps: openableApps(await deps.store.apps.list()) } }),
    });
  });

  // The sign-in already set the session cookie; the code is of no use (see signInUrl).
  app.get(DASHBOARD_CALLBACK_PATH, async (request: FastifyRequest<{ Querystring: { error?: string } }>, reply) => {
    if (request.query.error !== undefined) {
      return sendMessagePage(reply, { status: 400, title: 'Not signed in', text: 'Signing in did not finish. Go back to the start page to try again.', role: 'alert' });
    }
    return reply.header('Cache-Control', 'no-store').redirect('/', 303);
  });

  // A form post from another site cannot sign people out: browsers name the page's origin in every POST.
  app.post(SIGN_OUT_PATH, async (request, reply) => {
    if (request.headers.origin !== new URL(deps.baseUrl).origin) {
      return sendMessagePage(reply, { status: 403, title: 'Not signed out', text: 'Sign out from the start page of this site.', role: 'alert' });
    }
    const found = await sessionOf(request);
    if (found) await deps.signIn.signOut(found.token, found.session.userId, request.ip);
    return reply.header('Set-Cookie', removedCookie(SESSION_COOKIE, { secure })).header('Cache-Control', 'no-store').redirect('/', 303);
  });
}
