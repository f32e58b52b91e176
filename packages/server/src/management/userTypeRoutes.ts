import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, notFound } from '../http/apiError.js';
import type { ConfigCache } from '../org/configCache.js';
import { userSchemaOf } from '../org/registrationSettings.js';
import { DEFAULT_USER_SCHEMA_ID, DEFAULT_USER_TYPE_ID, defaultUserTypeResource } from './userTypeResource.js';
import { userSchemaResource } from './userSchemaResource.js';

interface UserTypeDeps {
  config: ConfigCache;
  baseUrl: string;
}

/** Okta takes `default` for the default type and its schema, as well as their ids. */
const named = (id: string, defaultId: string) => id === 'default' || id === defaultId;

/**
 * The user profile is managed in the org file (`userSchema`), not through the API: a write, which Okta
 * would make, is answered as Okta answers a method an endpoint does not take, 405 E0000022, with why
 * in errorCauses.
 */
const readOnly = () => new ApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method',
  [{ errorSummary: 'User types and the user schema are read-only in Latchkey: the schema is managed in the org file (userSchema)' }]);

type TypeRequest = FastifyRequest<{ Params: { typeId: string } }>;
type SchemaRequest = FastifyRequest<{ Params: { schemaId: string } }>;

/**
 * Okta's User Types API and the user Schemas API, reading: Latchkey has one user type, Okta's default
 * (`user`), and its schema is Okta's base attributes with the org file's custom ones. Another type or
 * schema id is 404 E0000007 (the resource names Okta's summary gives for these are not known: UserType
 * and UserSchema here); every write (create, update, replace, delete) is refused (readOnly).
 */
export async function userTypeRoutes(app: FastifyInstance, deps: UserTypeDeps): Promise<void> {
  app.get('/api/v1/meta/types/user', async () => [defaultUserTypeResource(deps.baseUrl)]);
  app.get('/api/v1/meta/types/user/:typeId', async (request: TypeRequest) => {
    if (!named(request.params.typeId, DEFAULT_USER_TYPE_ID)) throw notFound(request.params.typeId, 'UserType');
    return defaultUserTypeResource(deps.baseUrl);
  });
  app.get('/api/v1/meta/schemas/user/:schemaId', async (request: SchemaRequest) => {
    if (!named(request.params.schemaId, DEFAULT_USER_SCHEMA_ID)) throw notFound(request.params.schemaId, 'UserSchema');
    return userSchemaResource(await userSchemaOf(deps.config), deps.baseUrl, request.params.schemaId);
  });
  const refuse = async () => {
    throw readOnly();
  };
  app.post('/api/v1/meta/types/user', refuse);
  app.route({ method: ['POST', 'PUT', 'DELETE'], url: '/api/v1/meta/types/user/:typeId', handler: refuse });
  app.post('/api/v1/meta/schemas/user/:schemaId', refuse);
}
