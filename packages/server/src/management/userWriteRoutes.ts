import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { invalidField, notFound } from '../http/apiError.js';
import { flag, once } from '../http/queryParameters.js';
import { createUser } from '../org/userCreation.js';
import { updateUser } from '../org/userUpdate.js';
import { deleteUser } from '../org/userDeletion.js';
import type { UserAdminDeps } from '../org/userAdmin.js';
import { actorOf } from './apiTokenAuth.js';
import { userResource } from './userResource.js';
import { userNamed } from './userLookup.js';

const profile = z.record(z.string(), z.unknown());
/**
 * A password's `value` (not an imported `hash` or a password hook: refused as unknown keys). A user
 * as read shows `password: {}`, which sets nothing.
 */
const password = z.strictObject({ value: z.string().optional() }).optional();

/** Okta's create body. Of the credentials, Latchkey takes the password and the recovery question; `type` is not kept. */
const createBody = z.object({
  profile,
  credentials: z.object({ password, recovery_question: z.strictObject({ question: z.string(), answer: z.string() }).optional() }).optional(),
  groupIds: z.array(z.string()).default([]),
});

/**
 * Okta's update body: the profile and a new password (a recovery question is changed by the user).
 * Other keys (a user object as read, with its id, status, dates and links) are ignored, as Okta ignores its read-only properties.
 */
const updateBody = z.object({ profile: profile.optional(), credentials: z.object({ password }).optional() });

/** The body as `schema` reads it, or Okta's 400 E0000001 naming the first field that is wrong. */
function bodyOf<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.join('.') || 'body';
  throw invalidField(field, issue.code === 'unrecognized_keys' ? `${issue.keys.join(', ')} not supported` : issue.message);
}

type CreateRequest = FastifyRequest<{ Querystring: { activate?: unknown; nextLogin?: unknown } }>;

/** Okta's `nextLogin`: absent, or `changePassword`. */
function changePasswordAtNextLogin(value: unknown): boolean {
  const given = once(value, 'nextLogin');
  if (given !== undefined && given !== 'changePassword') throw invalidField('nextLogin', 'must be changePassword');
  return given !== undefined;
}
type UserRequest = FastifyRequest<{ Params: { userId: string } }>;

/**
 * Okta's Users API, writing: create (`POST /api/v1/users?activate=&nextLogin=`, activate default true), a partial
 * update of the profile and password (`POST /api/v1/users/{id}`), a replace (`PUT`), and delete (`DELETE`: deactivates a
 * user who is not DEPROVISIONED, removes one who is; 204).
 */
export async function userWriteRoutes(app: FastifyInstance, deps: UserAdminDeps): Promise<void> {
  app.post('/api/v1/users', async (request: CreateRequest) => {
    const activate = flag(request.query.activate, 'activate', true);
    const body = bodyOf(createBody, request.body);
    const input = {
      profile: body.profile, password: body.credentials?.password?.value, recoveryQuestion: body.credentials?.recovery_question, groupIds: body.groupIds,
      activate, changePasswordAtNextLogin: changePasswordAtNextLogin(request.query.nextLogin),
    };
    return userResource(await createUser(deps, input, actorOf(request)), deps.baseUrl);
  });
  for (const [method, mode] of [['POST', 'merge'], ['PUT', 'replace']] as const) {
    app.route({
      method, url: '/api/v1/users/:userId',
      handler: async (request: UserRequest) => {
        const user = await userNamed(deps.store, request.params.userId);
        const body = bodyOf(updateBody, request.body);
        // A replace is of the whole profile: it must be given.
        if (mode === 'replace' && !body.profile) throw invalidField('profile', 'is required');
        const update = { profile: body.profile, mode, password: body.credentials?.password?.value };
        return userResource(await updateUser(deps, user, update, actorOf(request)), deps.baseUrl);
      },
    });
  }
  app.delete('/api/v1/users/:userId', async (request: UserRequest, reply) => {
    const user = await userNamed(deps.store, request.params.userId);
    if ((await deleteUser(deps, user, actorOf(request), deps.clock.now())) === 'gone') throw notFound(request.params.userId, 'User');
    return reply.code(204).send();
  });
}
