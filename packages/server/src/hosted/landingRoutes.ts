import type { FastifyInstance, FastifyRequest } from 'fastify';
import formBody from '@fastify/formbody';
import type { App } from '../store/repositories/apps.js';
import type { User } from '../store/repositories/users.js';
import { DEVICE_COOKIE, readCookie, removedCookie, SESSION_COOKIE } from '../http/cookies.js';
import { DASHBOARD_CALLBACK_PATH } from '../org/dashboardApp.js';
import { ORG_SETTINGS } from '../org/configCache.js';
import { sendLandingPage, type LandingApp } from './landingPage.js';
import { sendMessagePage } from '../http/messagePage.js';
import { signInUrl } from '../engine/dashboardUrls.js';
import { fromOurPage, sessionOf } from '../http/browserSession.js';
import { securityMethodsRoutes, securityView, type SecurityMethodsRoutesDeps } from './securityMethodsRoutes.js';

/** Sign-out goes through the engine (`signIn`), as /v1/logout's does. */
export type LandingDeps = SecurityMethodsRoutesDeps;

/** Okta's sign-out path for the org's own pages. */
const SIGN_OUT_PATH = '/login/signout';

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
  await securityMethodsRoutes(app, deps);

  app.get('/', async (request, reply) => {
    const found = await sessionOf(request, deps.signIn);
    const user = found && (await deps.store.users.findById(found.session.userId));
    const orgName = (await deps.store.settings.get(ORG_SETTINGS.name)) ?? 'Latchkey';
    return sendLandingPage(reply, {
      orgName, signInUrl: signInUrl(deps.baseUrl), signOutPath: SIGN_OUT_PATH,
      ...(user && {
        user: {
          name: displayName(user), login: user.login, apps: openableApps(await deps.store.apps.list()),
          security: await securityView(deps.securityMethods, deps.baseUrl, user, found.token),
        },
      }),
    });
  });

  // The sign-in already set the session cookie; the code is of no use (see signInUrl).
  app.get(DASHBOARD_CALLBACK_PATH, async (request: FastifyRequest<{ Querystring: { error?: string } }>, reply) => {
    if (request.query.error !== undefined) {
      return sendMessagePage(reply, { status: 400, title: 'Not signed in', text: 'Signing in did not finish. Go back to the start page to try again.', role: 'alert' });
    }
    return reply.header('Cache-Control', 'no-store').redirect('/', 303);
  });

  app.post(SIGN_OUT_PATH, async (request, reply) => {
    if (!fromOurPage(request, deps.baseUrl)) {
      return sendMessagePage(reply, { status: 403, title: 'Not signed out', text: 'Sign out from the start page of this site.', role: 'alert' });
    }
    const found = await sessionOf(request, deps.signIn);
    if (found) await deps.signIn.signOut(found.token, found.session.userId, request.ip, readCookie(request.headers.cookie, DEVICE_COOKIE));
    return reply.header('Set-Cookie', removedCookie(SESSION_COOKIE, { secure })).header('Cache-Control', 'no-store').redirect('/', 303);
  });
}
