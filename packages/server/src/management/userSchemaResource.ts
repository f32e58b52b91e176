import type { FormAttribute, UserSchema } from '../policy/userSchema.js';
import { profileAttributesOf } from '../org/userProfileInput.js';
import { DEFAULT_USER_TYPE_DATE } from './userTypeResource.js';

/**
 * Latchkey has no page where people edit their own profile (they give attributes only when they
 * register or are asked for missing ones at sign-in), so SELF may read an attribute, not write it.
 */
const SELF_READ_ONLY = [{ principal: 'SELF', action: 'READ_ONLY' }];

/** One attribute as Okta's Schemas API shows a property: the limits Latchkey checks it against, in Okta's keywords. */
function propertyOf(a: FormAttribute) {
  return {
    title: a.title,
    type: a.type,
    required: a.required,
    mutability: 'READ_WRITE',
    scope: 'NONE',
    ...(a.minLength !== undefined && { minLength: a.minLength }),
    ...(a.maxLength !== undefined && { maxLength: a.maxLength }),
    ...(a.oneOf && { enum: a.oneOf.map((o) => o.const), oneOf: a.oneOf }),
    ...(a.pattern !== undefined && { pattern: a.pattern }),
    ...(a.email && { format: 'email' }),
    permissions: SELF_READ_ONLY,
    master: { type: 'PROFILE_MASTER' },
  };
}

/** A subschema (`#base` or `#custom`) of the given attributes, with the names of the required ones. */
function subschema(id: string, attributes: FormAttribute[]) {
  return {
    id,
    type: 'object',
    properties: Object.fromEntries(attributes.map((a) => [a.name, propertyOf(a)])),
    required: attributes.filter((a) => a.required).map((a) => a.name),
  };
}

/**
 * The default user type's schema as Okta's Schemas API shows it (JSON Schema draft 4, Okta's
 * keywords), built from the attributes the Users API checks a new profile against, so the two cannot
 * disagree: `#base` has Okta's base attributes (login, email, firstName and lastName required),
 * `#custom` the org file's `userSchema.properties`. `id` names the schema as the request did
 * (`default` or its `osc…` id), as Okta's examples do. Okta's default schema is titled "User" in
 * orgs' answers ("Default Okta User" in its reference's examples).
 */
export function userSchemaResource(schema: UserSchema, baseUrl: string, schemaId: string) {
  const attributes = profileAttributesOf(schema);
  const custom = (a: FormAttribute) => Object.hasOwn(schema.properties, a.name);
  return {
    id: `${baseUrl}/meta/schemas/user/${schemaId}`,
    $schema: 'http://json-schema.org/draft-04/schema#',
    name: 'user',
    title: 'User',
    description: 'Okta user profile template with default permission settings',
    lastUpdated: DEFAULT_USER_TYPE_DATE,
    created: DEFAULT_USER_TYPE_DATE,
    definitions: {
      base: subschema('#base', attributes.filter((a) => !custom(a))),
      custom: subschema('#custom', attributes.filter(custom)),
    },
    type: 'object',
    properties: { profile: { allOf: [{ $ref: '#/definitions/base' }, { $ref: '#/definitions/custom' }] } },
  };
}
