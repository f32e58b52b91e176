import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SecurityMethod, SecurityMethods } from '../account/securityMethods.js';
import type { Authenticator } from '../authenticators/authenticator.js';
import { AUTHENTICATORS } from '../authenticators/registry.js';
import { authenticatorIdOf, type SignInEngine } from '../engine/engine.js';
import { ApiError } from '../http/apiError.js';
import type { User } from '../store/repositories/users.js';
import type { Session } from '../store/repositories/sessions.js';
import type { Store } from '../store/store.js';
import { EngineError } from '../vocabulary/errors.js';
import { enrollUrl } from '../engine/dashboardUrls.js';
import { fromOurPage, sessionOf } from '../http/browserSession.js';

export interface MyAccountDeps { store: Store; baseUrl: string; signIn: SignInEngine; securityMethods: SecurityMethods }

type Json = Record<string, unknown>;
type Params = { authenticatorId?: string; enrollmentId?: string };

const BASE = '/idp/myaccount/authenticators';
const link = (href: string, allow: string[]) => ({ href, hints: { allow } });
const iso = (at: number | null) => (at === null ? undefined : new Date(at).toISOString());

/** An enrollment as Okta's MyAccount API shows it (`canUnenroll`: here, DELETE is allowed). */
function enrollmentJson(m: SecurityMethod, baseUrl: string): Json {
  const authenticator = `${baseUrl}${BASE}/${m.authenticatorId}`;
  return {
    id: m.enrollmentId, name: m.authenticator.displayName, ...(m.nickname && { nickname: m.nickname }),
    ...(m.createdAt !== null && { created: iso(m.createdAt) }), ...(m.lastUsedAt !== null && { lastChallenged: iso(m.lastUsedAt) }),
    ...(m.profile && { profile: m.profile }), canReset: false, canUnenroll: m.removable,
    _links: {
      self: link(`${authenticator}/enrollments/${m.enrollmentId}`, ['GET', ...(m.manageable ? ['PATCH'] : []), ...(m.removable ? ['DELETE'] : [])]),
      authenticator: link(authenticator, ['GET']),
    },
  };
}

/** Okta's code for an engine refusal: its message key is `errors.<code>`. */
const apiErrorOf = (error: EngineError): ApiError => {
  const [message] = error.messages;
  return new ApiError(error.status, message.key.replace(/^errors\./, ''), message.text);
};

/**
 * Okta's MyAccount Authenticators API for the signed-in person (`/idp/myaccount/authenticators…`),
 * authorized by the session cookie rather than a MyAccount access token: list the authenticators
 * and enrollments, read one, rename one (PATCH `{ nickname }`), and, beyond Okta's API, remove one
 * (DELETE; Okta unenrolls through a browser page). Changes need the page's origin and a recent
 * verification, as on the landing page; errors are Okta's errorCode/errorSummary.
 */
export async function myAccountRoutes(app: FastifyInstance, deps: MyAccountDeps): Promise<void> {
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch {
      done(new ApiError(400, 'E0000003', 'The request body was not well-formed.'), undefined);
    }
  });
  const config = { surface: 'api' as const };
  // Personal data: never kept by a cache.
  app.addHook('onSend', async (_request, reply) => void reply.header('Cache-Control', 'no-store'));

  async function signedIn(request: FastifyRequest): Promise<{ user: User; session: Session }> {
    const found = await sessionOf(request, deps.signIn);
    const user = found && (await deps.store.users.findById(found.session.userId));
    if (!found || !user) throw new ApiError(401, 'E0000005', 'Invalid session');
    return { user, session: found.session };
  }

  /** What the API shows of an authenticator, given the person's enrollments and what they may add. */
  function authenticatorJson(a: Authenticator, user: User, mine: SecurityMethod[], addable: Authenticator[], expand: boolean): Json {
    const self = `${deps.baseUrl}${BASE}/${authenticatorIdOf(a)}`;
    const enrollable = addable.includes(a);
    return {
      id: authenticatorIdOf(a), key: a.key, name: a.displayName, enrollable,
      _links: {
        self: link(self, ['GET']), enrollments: link(`${self}/enrollments`, ['GET']),
        ...(enrollable && { enroll: link(`${deps.baseUrl}${enrollUrl(deps.baseUrl, a.amr, user.login)}`, ['GET']) }),
      },
      ...(expand && { _embedded: { enrollments: mine.filter((m) => m.authenticator === a).map((m) => enrollmentJson(m, deps.baseUrl)) } }),
    };
  }

  /** The person's enrollments and the authenticators they may add. */
  const standing = (user: User) => Promise.all([deps.securityMethods.list(user), deps.securityMethods.addable(user)]);

  const authenticatorOf = (id: string | undefined): Authenticator => {
    const a = AUTHENTICATORS.find((x) => authenticatorIdOf(x) === id);
    if (!a) throw new ApiError(404, 'E0000007', `Not found: Resource not found: ${id} (Authenticator)`);
    return a;
  };

  async function enrollmentOf(user: User, params: Params): Promise<SecurityMethod> {
    const a = authenticatorOf(params.authenticatorId);
    const m = (await deps.securityMethods.list(user)).find((x) => x.authenticator === a && x.enrollmentId === params.enrollmentId);
    if (!m) throw new ApiError(404, 'E0000007', `Not found: Resource not found: ${params.enrollmentId} (AuthenticatorEnrollment)`);
    return m;
  }

  /** A change: from our own pages only (a cross-site request carries the cookie too), and engine refusals as Okta errors. */
  async function change<T>(request: FastifyRequest, act: () => Promise<T>): Promise<T> {
    if (!fromOurPage(request, deps.baseUrl)) throw new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action');
    try {
      return await act();
    } catch (error) {
      throw error instanceof EngineError ? apiErrorOf(error) : error;
    }
  }

  type Get = FastifyRequest<{ Params: Params; Querystring: { expand?: string } }>;

  // The authenticators the person has or may add; the others are not theirs to see.
  app.get(BASE, { config }, async (request: Get) => {
    const { user } = await signedIn(request);
    const [mine, addable] = await standing(user);
    const shown = AUTHENTICATORS.filter((a) => addable.includes(a) || mine.some((m) => m.authenticator === a));
    return shown.map((a) => authenticatorJson(a, user, mine, addable, request.query.expand === 'enrollments'));
  });

  app.get(`${BASE}/:authenticatorId`, { config }, async (request: Get) => {
    const { user } = await signedIn(request);
    const [mine, addable] = await standing(user);
    return authenticatorJson(authenticatorOf(request.params.authenticatorId), user, mine, addable, request.query.expand === 'enrollments');
  });

  app.get(`${BASE}/:authenticatorId/enrollments`, { config }, async (request: Get) => {
    const { user } = await signedIn(request);
    const a = authenticatorOf(request.params.authenticatorId);
    return (await deps.securityMethods.list(user)).filter((m) => m.authenticator === a).map((m) => enrollmentJson(m, deps.baseUrl));
  });

  app.get(`${BASE}/:authenticatorId/enrollments/:enrollmentId`, { config }, async (request: Get) => {
    const { user } = await signedIn(request);
    return enrollmentJson(await enrollmentOf(user, request.params), deps.baseUrl);
  });

  // Okta's merge patch: `{ "nickname": "…" }` names it, `{ "nickname": null }` removes the name.
  app.patch(`${BASE}/:authenticatorId/enrollments/:enrollmentId`, { config }, async (request: FastifyRequest<{ Params: Params; Body: unknown }>) => {
    const { user, session } = await signedIn(request);
    const nickname = (request.body as Json | null)?.nickname;
    if (nickname !== null && typeof nickname !== 'string') throw new ApiError(400, 'E0000001', 'Api validation failed: nickname', [{ errorSummary: 'nickname: a string, or null to remove it' }]);
    return change(request, async () => {
      const m = await enrollmentOf(user, request.params);
      return enrollmentJson(await deps.securityMethods.rename(user, session, m.enrollmentId, nickname ?? ''), deps.baseUrl);
    });
  });

  app.delete(`${BASE}/:authenticatorId/enrollments/:enrollmentId`, { config }, async (request: FastifyRequest<{ Params: Params }>, reply) => {
    const { user, session } = await signedIn(request);
    await change(request, async () => deps.securityMethods.remove(user, session, (await enrollmentOf(user, request.params)).enrollmentId, request.ip));
    return reply.code(204).send();
  });
}
