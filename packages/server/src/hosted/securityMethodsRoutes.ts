import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SignInEngine } from '../engine/engine.js';
import type { SecurityMethods } from '../account/securityMethods.js';
import type { Store } from '../store/store.js';
import type { User } from '../store/repositories/users.js';
import { EngineError } from '../vocabulary/errors.js';
import { enrollUrl, signInUrl } from '../engine/dashboardUrls.js';
import { csrfToken, csrfValid } from './landingSession.js';
import { fromOurPage, sessionOf } from '../http/browserSession.js';
import type { SecurityView } from './landingPage.js';
import { sendMessagePage } from '../http/messagePage.js';

export interface SecurityMethodsRoutesDeps {
  store: Store;
  baseUrl: string;
  signIn: SignInEngine;
  securityMethods: SecurityMethods;
}

/** Where the page's forms post: rename and remove one enrollment. */
const RENAME_ROUTE = '/enduser/authenticators/:id/nickname';
const REMOVE_ROUTE = '/enduser/authenticators/:id/remove';
const pathOf = (route: string, id: string) => route.replace(':id', encodeURIComponent(id));

const day = (at: number | null) => (at === null ? undefined : new Date(at).toISOString().slice(0, 10));

/** The "Security methods" section of the landing page for a signed-in person. */
export async function securityView(methods: SecurityMethods, baseUrl: string, user: User, sessionToken: string): Promise<SecurityView> {
  const [list, addable] = await Promise.all([methods.list(user), methods.addable(user)]);
  return {
    csrf: csrfToken(sessionToken),
    methods: list.map((m) => ({
      id: m.enrollmentId, kind: m.authenticator.displayName, nickname: m.nickname, profile: Object.values(m.profile ?? {}).join(', ') || undefined,
      enrolled: day(m.createdAt), lastUsed: day(m.lastUsedAt), manageable: m.manageable, renamePath: pathOf(RENAME_ROUTE, m.enrollmentId), removePath: pathOf(REMOVE_ROUTE, m.enrollmentId),
    })),
    add: addable.map((a) => ({ label: a.displayName, url: enrollUrl(baseUrl, a.amr, user.login) })),
  };
}

/**
 * POST rename and remove from the landing page. Each needs the page's origin and anti-forgery
 * token, a session, and a verification in the last few minutes: without one the browser goes
 * through a sign-in again (max_age=0) and comes back to the page, where the person repeats the change.
 */
export async function securityMethodsRoutes(app: FastifyInstance, deps: SecurityMethodsRoutesDeps): Promise<void> {
  type Change = FastifyRequest<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>;

  async function change(request: Change, reply: FastifyReply, act: (user: User, found: NonNullable<Awaited<ReturnType<typeof sessionOf>>>) => Promise<unknown>) {
    const found = await sessionOf(request, deps.signIn);
    if (!fromOurPage(request, deps.baseUrl) || !found || !csrfValid(found.token, request.body?.csrf)) {
      return sendMessagePage(reply, { status: 403, title: 'Not changed', text: 'Change your security methods from the start page of this site.', role: 'alert' });
    }
    const user = await deps.store.users.findById(found.session.userId);
    if (!user) return reply.header('Cache-Control', 'no-store').redirect('/', 303);
    if (!deps.securityMethods.recentlyVerified(found.session)) return reply.header('Cache-Control', 'no-store').redirect(signInUrl(deps.baseUrl, user.login), 303);
    try {
      await act(user, found);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      const [message] = error.messages;
      return sendMessagePage(reply, { status: error.status, title: 'Not changed', text: message.text, role: 'alert', data: { name: 'i18n-key', value: message.key } });
    }
    return reply.header('Cache-Control', 'no-store').redirect('/', 303);
  }

  app.post(RENAME_ROUTE, (request: Change, reply) => change(request, reply, (user, found) =>
    deps.securityMethods.rename(user, found.session, request.params.id, typeof request.body?.nickname === 'string' ? request.body.nickname : '')));
  app.post(REMOVE_ROUTE, (request: Change, reply) => change(request, reply, (user, found) =>
    deps.securityMethods.remove(user, found.session, request.params.id, request.ip)));
}
