import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client, type UserSchemaAttribute } from '@okta/okta-sdk-nodejs';
import { createApiToken } from '../../src/org/apiTokens.js';
import { all, refusal } from '../support/oktaSdk.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

/*
 * Okta's User Types API and user Schemas API through Okta's own Node SDK (@okta/okta-sdk-nodejs):
 * the one default type, listed and read (by id and as `default`), its schema with the org file's custom
 * attributes and their limits, the links of a user read through the Users API followed to both, and
 * the limits the schema shows enforced by the Users API (the schema and the checks share one source).
 * Writes and other ids are refused with Okta's errors.
 */

const clock = new TestClock();
let server: TestServer;
let client: Client;

const CUSTOM = {
  employeeCode: { title: 'Employee code', type: 'string', minLength: 5, maxLength: 5, pattern: 'E[0-9]{4}' },
  shirtSize: { title: 'Shirt size', type: 'string', oneOf: [{ const: 'S', title: 'Small' }, { const: 'L', title: 'Large' }] },
  workEmail: { title: 'Work email', type: 'string', format: 'email' },
  newsletter: { title: 'Newsletter', type: 'boolean' },
  badgeNumber: { title: 'Badge number', type: 'integer' },
};

before(async () => {
  server = await startTestServer({ org: { ...testOrg(), userSchema: { properties: CUSTOM } }, clock });
  const { token } = await createApiToken(server.lk.store, 'schema reader', clock.now());
  client = new Client({ orgUrl: server.url, token, cacheMiddleware: null });
});
after(() => server.stop());

/** A JSON answer read through the SDK's raw client, by its documented keys. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers read by their documented keys
const readJson = (href: string) => client.http.getJson(href) as Promise<Json>;

const person = (login: string, extra: Record<string, unknown> = {}) => ({ login, email: login, firstName: 'Test', lastName: 'Person', ...extra });
const create = (login: string, extra: Record<string, unknown>) => client.userApi.createUser({ body: { profile: person(login, extra) }, activate: false });

describe('user types', () => {
  it('lists the one default type, and reads it by its id and as default', async () => {
    const types = await all(await client.userTypeApi.listUserTypes());
    assert.equal(types.length, 1);
    const [type] = types;
    assert.match(type.id!, /^oty[A-Za-z0-9]{17}$/);
    assert.deepEqual({ name: type.name, displayName: type.displayName, default: type._default },
      { name: 'user', displayName: 'User', default: true });
    assert.equal(type.description, 'Okta user profile template with default permission settings');
    assert.ok(type.created instanceof Date && type.lastUpdated instanceof Date);
    assert.equal(type._links?.self?.href, `${server.url}/api/v1/meta/types/user/${type.id}`);
    assert.equal(type._links?.schema?.href, `${server.url}/api/v1/meta/schemas/user/osc${type.id!.slice(3)}`);

    assert.deepEqual(await client.userTypeApi.getUserType({ typeId: type.id! }), type);
    assert.deepEqual(await client.userTypeApi.getUserType({ typeId: 'default' }), type);
  });

  it('answers 404 E0000007 for another type id', async () => {
    assert.deepEqual(await refusal(client.userTypeApi.getUserType({ typeId: 'otyNoSuchType000000' })), {
      status: 404, errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: otyNoSuchType000000 (UserType)', causes: [],
    });
  });

  it('refuses to create, update, replace or delete a type: 405 E0000022, the schema is the org file\'s', async () => {
    const [type] = await all(await client.userTypeApi.listUserTypes());
    const calls = [
      client.userTypeApi.createUserType({ userType: { name: 'contractor', displayName: 'Contractor' } }),
      client.userTypeApi.updateUserType({ typeId: type.id!, userType: { displayName: 'Person' } }),
      client.userTypeApi.replaceUserType({ typeId: type.id!, userType: { name: 'user', displayName: 'Person', description: 'd' } }),
      client.userTypeApi.deleteUserType({ typeId: type.id! }),
    ];
    for (const call of calls) {
      const refused = await refusal(call);
      assert.deepEqual({ status: refused.status, errorCode: refused.errorCode, errorSummary: refused.errorSummary },
        { status: 405, errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' });
      assert.match(refused.causes[0], /org file \(userSchema\)/);
    }
    assert.equal((await all(await client.userTypeApi.listUserTypes())).length, 1);
  });
});

describe('the user schema', () => {
  it('has Okta\'s base attributes, login, email, firstName and lastName required', async () => {
    const schema = await client.schemaApi.getUserSchema({ schemaId: 'default' });
    assert.equal(schema.schema, 'http://json-schema.org/draft-04/schema#');
    assert.equal(schema.id, `${server.url}/meta/schemas/user/default`);
    assert.deepEqual({ name: schema.name, title: schema.title, type: schema.type }, { name: 'user', title: 'User', type: 'object' });
    const base = schema.definitions!.base!;
    assert.deepEqual({ id: base.id, type: base.type, required: base.required }, { id: '#base', type: 'object', required: ['login', 'email', 'firstName', 'lastName'] });
    const raw = await readJson(`${server.url}/api/v1/meta/schemas/user/default`);
    assert.deepEqual(raw.definitions.base.properties.firstName, {
      title: 'First name', type: 'string', required: true, mutability: 'READ_WRITE', scope: 'NONE', minLength: 1, maxLength: 50,
      permissions: [{ principal: 'SELF', action: 'READ_ONLY' }], master: { type: 'PROFILE_MASTER' },
    });
    assert.equal(raw.definitions.base.properties.email.format, 'email');
    assert.equal(raw.definitions.base.properties.department.required, false);
    assert.deepEqual(raw.properties, { profile: { allOf: [{ $ref: '#/definitions/base' }, { $ref: '#/definitions/custom' }] } });
  });

  it('has the org file\'s custom attributes with their limits, none required', async () => {
    const custom = (await client.schemaApi.getUserSchema({ schemaId: 'default' })).definitions!.custom!;
    assert.deepEqual({ id: custom.id, type: custom.type, required: custom.required }, { id: '#custom', type: 'object', required: [] });
    assert.deepEqual(Object.keys(custom.properties!), Object.keys(CUSTOM));
    const property = (name: string) => custom.properties![name] as UserSchemaAttribute;
    const employeeCode = property('employeeCode');
    assert.deepEqual([employeeCode.title, employeeCode.type, employeeCode.minLength, employeeCode.maxLength, employeeCode.pattern, employeeCode.required],
      ['Employee code', 'string', 5, 5, 'E[0-9]{4}', false]);
    assert.deepEqual([employeeCode.mutability, employeeCode.scope, employeeCode.master?.type], ['READ_WRITE', 'NONE', 'PROFILE_MASTER']);
    assert.deepEqual(employeeCode.permissions?.map((p) => [p.principal, p.action]), [['SELF', 'READ_ONLY']]);
    assert.deepEqual(property('shirtSize').oneOf?.map((o) => [o._const, o.title]), [['S', 'Small'], ['L', 'Large']]);
    assert.equal(property('workEmail').format, 'email');
    assert.deepEqual([property('newsletter').type, property('badgeNumber').type], ['boolean', 'integer']);
    const raw = await readJson(`${server.url}/api/v1/meta/schemas/user/default`);
    assert.deepEqual(raw.definitions.custom.properties.shirtSize.enum, ['S', 'L']);
  });

  it('is enforced as it reads: each limit it shows refuses a profile that breaks it', async () => {
    const limits: Array<[string, unknown]> = [
      ['employeeCode', 'E123'], ['employeeCode', 'X1234'], ['shirtSize', 'M'], ['workEmail', 'not-an-email'], ['newsletter', 'perhaps'], ['badgeNumber', 1.5],
    ];
    for (const [field, value] of limits) {
      const refused = await refusal(create(`breaks-${field}@example.com`, { [field]: value }));
      assert.deepEqual([refused.status, refused.errorCode, refused.errorSummary], [400, 'E0000001', `Api validation failed: ${field}`], `${field}: ${String(value)}`);
    }
    const made = await create('keeps-all@example.com', { employeeCode: 'E1234', shirtSize: 'L', workEmail: 'kept@example.com', newsletter: true, badgeNumber: 7 });
    assert.deepEqual([made.profile?.employeeCode, made.profile?.badgeNumber], ['E1234', 7]);
  });

  it('answers 404 E0000007 for another schema id, and refuses a change: 405 E0000022', async () => {
    assert.deepEqual(await refusal(client.schemaApi.getUserSchema({ schemaId: 'oscNoSuchSchema0000' })), {
      status: 404, errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: oscNoSuchSchema0000 (UserSchema)', causes: [],
    });
    const refused = await refusal(client.schemaApi.updateUserProfile({ schemaId: 'default', userSchema: { definitions: { custom: { id: '#custom', type: 'object', properties: {} } } } }));
    assert.deepEqual([refused.status, refused.errorCode], [405, 'E0000022']);
    const custom = (await client.schemaApi.getUserSchema({ schemaId: 'default' })).definitions!.custom!;
    assert.deepEqual(Object.keys(custom.properties!), Object.keys(CUSTOM));
  });
});

describe('a user\'s links', () => {
  it('resolve: _links.type is the default type, _links.schema its schema', async () => {
    const user = await client.userApi.getUser({ userId: TEST.user });
    const links = user._links as unknown as Record<string, { href: string }>;
    const type = await readJson(links.type.href);
    assert.deepEqual([type.id, type.default, type.name], [user.type?.id, true, 'user']);
    assert.equal(type._links.schema.href, links.schema.href);
    const schema = await readJson(links.schema.href);
    assert.equal(schema.id, `${server.url}/meta/schemas/user/${links.schema.href.split('/').pop()}`);
    assert.deepEqual(Object.keys(schema.definitions.custom.properties), Object.keys(CUSTOM));
  });
});
