import { attributeDefinition, BASE_ATTRIBUTES, validateProfile, type FormAttribute, type UserSchema } from '../policy/userSchema.js';
import type { UserProfile } from '../store/repositories/users.js';

/** An administrator's input that the profile schema or the password policy refuses: each cause names its field (Okta's errorCauses). */
export class InvalidUserInput extends Error {
  constructor(readonly causes: Array<{ field: string; message: string }>) {
    super(causes.map((c) => `${c.field}: ${c.message}`).join('; '));
  }
}

/** Okta's base profile requires these four; every other attribute is optional. */
const REQUIRED = ['login', 'email', 'firstName', 'lastName'];

/** The login: email-like, as the org file's logins are (Okta's default username format). */
const LOGIN: FormAttribute = { name: 'login', label: 'Username', title: 'Username', type: 'string', minLength: 3, maxLength: 100, pattern: '[^\\s@]+@[^\\s@]+', required: true };

/** Every attribute of the org's profile (base and custom) as a form asks it, with those of Okta's four that `required` says. */
function profileAttributes(schema: UserSchema, required: (name: string) => boolean): FormAttribute[] {
  const names = [...BASE_ATTRIBUTES, ...Object.keys(schema.properties)];
  return [LOGIN, ...names.map((name) => {
    const definition = attributeDefinition(schema, name)!;
    return { ...definition, name, label: definition.title, required: REQUIRED.includes(name) && required(name) };
  })];
}

/** Every attribute of the org's profile, Okta's four required: what a new profile is checked against (and the Schemas API shows). */
export const profileAttributesOf = (schema: UserSchema): FormAttribute[] => profileAttributes(schema, () => true);

/**
 * A whole profile an administrator gives (create, replace, or an update laid over `kept`, the stored
 * one), checked as registration checks one: the org's schema, its types and limits, Okta's required
 * four. An update may not clear a required attribute, but one the stored profile lacks (an org file
 * may import a user without a last name) does not block it. An attribute the schema does not have is
 * refused (Okta's wording of that refusal is not known), unless it is one of `kept`, which stays as
 * it is. Answers the profile to store; throws InvalidUserInput.
 */
export function checkedProfile(schema: UserSchema, submitted: Record<string, unknown>, kept?: Record<string, unknown>): UserProfile {
  const stored = kept ?? {};
  const attributes = profileAttributes(schema, (name) => !kept || Object.hasOwn(submitted, name) || (stored[name] ?? null) !== null);
  const outside = (name: string) => !attributes.some((a) => a.name === name);
  const extras = Object.fromEntries(Object.entries(stored).filter(([name]) => outside(name) && !Object.hasOwn(submitted, name)));
  const unknown = Object.keys(submitted).filter(outside);
  const { values, problems } = validateProfile(attributes, { ...stored, ...submitted });
  const causes = [
    ...Object.entries(problems).map(([field, messages]) => ({ field, message: messages[0].text })),
    ...unknown.map((field) => ({ field, message: `Property name '${field}' is not defined in profile` })),
  ];
  if (causes.length > 0) throw new InvalidUserInput(causes);
  return { ...extras, ...values } as UserProfile;
}

/** Okta's answer to a login (or, where it is the login, an email) another user has: on the login field. */
export const loginTaken = (): InvalidUserInput => new InvalidUserInput([{ field: 'login', message: 'An object with this field already exists in the current organization' }]);
