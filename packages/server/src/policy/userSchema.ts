import { Messages, type Message } from '../vocabulary/messages.js';
import { RegistrationMessages } from '../vocabulary/registrationMessages.js';

/**
 * The user profile schema: Okta's base attributes with their titles and limits, and the org's
 * custom attributes (the org file's `userSchema.properties`, in the shape of Okta's Schemas API
 * `definitions.custom.properties`). Registration and progressive profiling validate against it.
 */
export interface AttributeDefinition {
  title: string;
  type: 'string' | 'boolean' | 'integer' | 'number';
  minLength?: number;
  maxLength?: number;
  /** The values allowed, shown as a choice (Okta's `enum` with `oneOf` titles). */
  oneOf?: Array<{ const: string; title: string }>;
  /** A regular expression the whole value must match. */
  pattern?: string;
  /** Okta's `format: email`. */
  email?: boolean;
}

export interface UserSchema {
  properties: Record<string, AttributeDefinition>;
}

export const EMPTY_SCHEMA: UserSchema = { properties: {} };

const text = (title: string, maxLength = 100, minLength?: number): AttributeDefinition => ({ title, type: 'string', maxLength, ...(minLength !== undefined && { minLength }) });

/** Okta's base user profile attributes that a form may collect (login is the email here), with Okta's titles and lengths. */
const BASE: Record<string, AttributeDefinition> = {
  email: { title: 'Email', type: 'string', minLength: 5, maxLength: 100, email: true },
  firstName: text('First name', 50, 1),
  lastName: text('Last name', 50, 1),
  middleName: text('Middle name'),
  honorificPrefix: text('Honorific prefix'),
  honorificSuffix: text('Honorific suffix'),
  secondEmail: { title: 'Secondary email', type: 'string', minLength: 5, maxLength: 100, email: true },
  title: text('Title'),
  displayName: text('Display name'),
  nickName: text('Nickname'),
  profileUrl: text('Profile URL', 1024),
  mobilePhone: text('Mobile phone', 100),
  primaryPhone: text('Primary phone', 100),
  streetAddress: text('Street address', 1024),
  city: text('City'),
  state: text('State'),
  zipCode: text('ZIP Code', 50),
  countryCode: text('Country code', 2),
  postalAddress: text('Postal address', 4096),
  preferredLanguage: text('Preferred language'),
  locale: text('Locale'),
  timezone: text('Timezone'),
  userType: text('User type'),
  employeeNumber: text('Employee number'),
  costCenter: text('Cost center'),
  organization: text('Organization'),
  division: text('Division'),
  department: text('Department'),
  managerId: text('Manager ID'),
  manager: text('Manager'),
};

/** Names Okta's base profile has: the org file may not redefine them as custom attributes. */
export const BASE_ATTRIBUTES: readonly string[] = Object.keys(BASE);

/** The definition of an attribute, base or custom (undefined: the profile has no such attribute). */
export function attributeDefinition(schema: UserSchema, name: string): AttributeDefinition | undefined {
  return Object.hasOwn(BASE, name) ? BASE[name] : Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
}

/** An attribute as a form collects it: its name, label, whether required, and its definition. */
export interface FormAttribute extends AttributeDefinition {
  name: string;
  label: string;
  required: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks submitted values against the attributes of a form: answers the typed values to store
 * (strings trimmed, booleans and numbers from their form encodings) and the messages of each field
 * that failed, by name. Values for attributes the form does not ask are dropped.
 */
export function validateProfile(attributes: readonly FormAttribute[], submitted: Record<string, unknown>): { values: Record<string, unknown>; problems: Record<string, Message[]> } {
  const values: Record<string, unknown> = {};
  const problems: Record<string, Message[]> = {};
  for (const a of attributes) {
    const raw = typeof submitted[a.name] === 'string' ? (submitted[a.name] as string).trim() : submitted[a.name];
    if (raw === undefined || raw === null || raw === '') {
      if (a.required) problems[a.name] = [Messages.requiredField(a.name)];
      continue;
    }
    const typed = typedValue(a, raw);
    const found = typed === undefined ? [RegistrationMessages.wrongType] : problemsOf(a, typed);
    if (found.length > 0) problems[a.name] = found;
    else values[a.name] = typed;
  }
  return { values, problems };
}

function typedValue(a: AttributeDefinition, raw: unknown): unknown {
  if (a.type === 'string') return typeof raw === 'string' ? raw : undefined;
  if (a.type === 'boolean') return typeof raw === 'boolean' ? raw : raw === 'true' ? true : raw === 'false' ? false : undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || (a.type === 'integer' && !Number.isInteger(n))) return undefined;
  return n;
}

function problemsOf(a: FormAttribute, value: unknown): Message[] {
  if (typeof value !== 'string') return [];
  if (a.email && !EMAIL.test(value)) return [RegistrationMessages.invalidLoginEmail(a.label), RegistrationMessages.doesNotMatchPattern(a.label)];
  if (a.minLength !== undefined && value.length < a.minLength) return [Messages.fieldTooShort];
  if (a.maxLength !== undefined && value.length > a.maxLength) return [Messages.fieldTooLong];
  if (a.oneOf && !a.oneOf.some((o) => o.const === value)) return [Messages.valueNotAllowed];
  if (a.pattern && !new RegExp(`^(?:${a.pattern})$`, 'u').test(value)) return [RegistrationMessages.doesNotMatchPattern(a.label)];
  return [];
}
