import { z } from 'zod';
import { attributeDefinition, BASE_ATTRIBUTES, type UserSchema } from '../../policy/userSchema.js';

/**
 * The org file's parts for self-service registration: the user profile schema's custom attributes,
 * registration inline hooks, and the actions of PROFILE_ENROLLMENT policy rules, each in Okta's API
 * shape (Schemas API `definitions.custom.properties`, Inline Hooks API, Policy API).
 */

const title = z.string().trim().min(1).max(100);
const attributeName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, 'must be a letter then up to 49 letters, digits or _');

/** A custom attribute: Okta's property shape (`enum` with `oneOf` titles, or `oneOf` alone, for a choice). */
const propertySchema = z.strictObject({
  title,
  type: z.enum(['string', 'boolean', 'integer', 'number']),
  minLength: z.int().min(0).optional(),
  maxLength: z.int().min(1).optional(),
  oneOf: z.array(z.strictObject({ const: z.string().min(1), title })).min(1).optional(),
  pattern: z.string().min(1).refine((p) => {
    try {
      new RegExp(p, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression').optional(),
  format: z.literal('email').optional(),
}).superRefine((p, ctx) => {
  const stringOnly = ['minLength', 'maxLength', 'oneOf', 'pattern', 'format'] as const;
  if (p.type !== 'string') for (const k of stringOnly) if (p[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'is only for type string' });
  if (p.minLength !== undefined && p.maxLength !== undefined && p.minLength > p.maxLength) ctx.addIssue({ code: 'custom', path: ['maxLength'], message: 'must not be less than minLength' });
});

export const userSchemaSchema = z.strictObject({
  properties: z.record(attributeName, propertySchema).superRefine((props, ctx) => {
    for (const name of Object.keys(props)) {
      if (BASE_ATTRIBUTES.includes(name) || name === 'login') ctx.addIssue({ code: 'custom', path: [name], message: `is one of Okta's base attributes; only custom attributes are declared here` });
    }
  }),
});

/** The profile schema the policy evaluators read, from the file's (custom attributes only). */
export const profileSchemaOf = (s: z.output<typeof userSchemaSchema> | undefined): UserSchema => ({
  properties: Object.fromEntries(Object.entries(s?.properties ?? {}).map(([name, { format, ...p }]) => [name, { ...p, ...(format === 'email' && { email: true }) }])),
});

const header = z.strictObject({ key: z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name'), value: z.string() });

/** A registration inline hook: where Latchkey posts the registration, with which headers (authScheme: the secret one). */
export const inlineHookSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -'),
  name: z.string().trim().min(1),
  type: z.literal('com.okta.user.pre-registration'),
  status: z.enum(['ACTIVE', 'INACTIVE']).default('ACTIVE'),
  channel: z.strictObject({
    type: z.literal('HTTP').default('HTTP'),
    version: z.string().default('1.0.0'),
    config: z.strictObject({
      uri: z.string().refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), 'must be an http(s) URL'),
      method: z.literal('POST').default('POST'),
      headers: z.array(header).default([]),
      authScheme: z.strictObject({ type: z.literal('HEADER'), key: header.shape.key, value: z.string().min(1) }).optional(),
    }),
  }),
});
export type InlineHook = z.output<typeof inlineHookSchema>;

/**
 * What a PROFILE_ENROLLMENT rule's `actions` may say; checked, not rewritten, so what Okta's API has
 * and Latchkey does not read (e.g. `uiSchemaId`) is kept.
 */
export const profileEnrollmentActions = z.object({
  profileEnrollment: z.object({
    access: z.enum(['ALLOW', 'DENY']).default('ALLOW'),
    unknownUserAction: z.enum(['REGISTER', 'DENY']).default('DENY'),
    targetGroupIds: z.array(z.string().min(1)).default([]),
    activationRequirements: z.strictObject({ emailVerification: z.boolean().default(false) }).default({ emailVerification: false }),
    profileAttributes: z.array(z.strictObject({ name: z.string().min(1), label: title.optional(), required: z.boolean().default(false) })).default([]),
    preRegistrationInlineHooks: z.array(z.strictObject({ inlineHookId: z.string().min(1) })).max(1).default([]),
    progressiveProfilingAction: z.enum(['ENABLED', 'DISABLED']).default('DISABLED'),
  }),
});

type Report = (path: PropertyKey[], message: string) => void;
interface RegistrationParts {
  groups: Array<{ name: string }>;
  userSchema?: z.output<typeof userSchemaSchema>;
  inlineHooks: InlineHook[];
  policies: Array<{ type: string; rules: Array<{ actions: Record<string, unknown> }> }>;
}

/** What PROFILE_ENROLLMENT rules name exists in the file: groups (by name, as everywhere in it), attributes, inline hooks. */
export function checkRegistrationReferences(doc: RegistrationParts, report: Report): void {
  const groups = new Set(doc.groups.map((g) => g.name));
  const hooks = new Set(doc.inlineHooks.map((h) => h.id));
  const schema = profileSchemaOf(doc.userSchema);
  doc.inlineHooks.forEach((h, i) => {
    if (doc.inlineHooks.findIndex((o) => o.id === h.id) < i) report(['inlineHooks', i, 'id'], `duplicate inline hook id "${h.id}"`);
  });
  doc.policies.forEach((p, i) => p.type === 'PROFILE_ENROLLMENT' && p.rules.forEach((r, j) => {
    const action = profileEnrollmentActions.safeParse(r.actions).data?.profileEnrollment;
    if (!action) return;
    const at = ['policies', i, 'rules', j, 'actions', 'profileEnrollment'];
    action.targetGroupIds.forEach((g, k) => groups.has(g) || report([...at, 'targetGroupIds', k], `unknown group "${g}" (declare it under groups)`));
    action.profileAttributes.forEach((a, k) => attributeDefinition(schema, a.name) || report([...at, 'profileAttributes', k, 'name'], `unknown attribute "${a.name}" (declare it under userSchema.properties)`));
    action.preRegistrationInlineHooks.forEach((h, k) => hooks.has(h.inlineHookId) || report([...at, 'preRegistrationInlineHooks', k, 'inlineHookId'], `unknown inline hook "${h.inlineHookId}" (declare it under inlineHooks)`));
  }));
}
