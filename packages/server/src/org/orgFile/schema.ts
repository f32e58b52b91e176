import { z } from 'zod';
import { formatPbkdf2, isSupportedPasswordHash } from '../../platform/passwordHashing.js';
import { PASSWORD_PRESETS, type PasswordPreset } from '../../policy/passwordPolicy.js';
import { STAY_SIGNED_IN_OPTIONS } from '../../policy/keepMeSignedIn.js';
import { RECOVERY_METHODS } from '../../policy/passwordRecovery.js';
import { EVERYONE } from '../../store/repositories/groups.js';
import { gatewayValid } from '../../policy/networkZones.js';
import { KEPT_PASSWORDS } from '../../store/repositories/passwordHistory.js';
import { IdPrefix } from '../../platform/ids.js';
import { AUTHENTICATORS, authenticatorByKey } from '../../authenticators/registry.js';
import { ENGINE_MODES } from '../classic/engineMode.js';
import { checkClassicPolicies, classicFeaturesSchema } from './classicSchema.js';
import { checkRegistrationReferences, inlineHookSchema, profileEnrollmentActions, userSchemaSchema } from './registrationSchema.js';

/**
 * The org file (org-as-code): what a valid file is, including references between its parts.
 * The parsed value (`OrgDocument`) is normalized — defaults filled in, logins lower-cased, password
 * hashes in our stored string form — and is itself a valid file, so export can produce it.
 */

/** OIDC scopes every authorization server has; the importer adds those a file does not declare. */
export const SYSTEM_SCOPES: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'openid', description: 'Signals that a request is an OpenID request.' },
  { name: 'profile', description: "Allows access to the end user's default profile claims." },
  { name: 'email', description: "Allows access to the end user's email address." },
  { name: 'address', description: "Allows access to the end user's address." },
  { name: 'phone', description: "Allows access to the end user's phone number." },
  { name: 'offline_access', description: 'Allows access to tokens that can be used to get new access tokens.' },
];
const SYSTEM_SCOPE_NAMES = new Set(SYSTEM_SCOPES.map((s) => s.name));
export const ALL_CLIENTS = 'ALL_CLIENTS';

const USER_STATUSES = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'] as const;
const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials', 'interaction_code', 'implicit', 'password'] as const;
const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'] as const;
// APP_SIGN_ON and SELF_SERVICE_REGISTRATION are a Classic org's (see classicSchema.ts).
const POLICY_TYPES = ['OKTA_SIGN_ON', 'ACCESS_POLICY', 'PASSWORD', 'MFA_ENROLL', 'PROFILE_ENROLLMENT', 'IDP_DISCOVERY', 'APP_SIGN_ON', 'SELF_SERVICE_REGISTRATION'] as const;

const status = z.enum(['ACTIVE', 'INACTIVE']).default('ACTIVE');
const name = z.string().trim().min(1, 'must not be empty');
const description = z.string().nullable().default(null);
const priority = z.int().min(1);
const jsonObject = z.record(z.string(), z.json()).default({});
const login = z.string().trim().toLowerCase().regex(/^[^\s@]+@[^\s@]+$/, 'must be an email-like login');

const absoluteUrl = z.string().refine((s) => URL.canParse(s) && !s.includes('#'), 'must be an absolute URL without a fragment');
const origin = z.string().refine((s) => URL.canParse(s) && new URL(s).origin === s, 'must be scheme://host[:port], without a path or trailing slash');

// Okta's password import objects (Users API `credentials.password.hash`), turned into our stored strings.
const bcryptChars = /^[./A-Za-z0-9]+$/;
const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');
const oktaPasswordHash = z.discriminatedUnion('algorithm', [
  z.strictObject({
    algorithm: z.literal('BCRYPT'),
    workFactor: z.int().min(4).max(31),
    salt: z.string().length(22).regex(bcryptChars, 'must be bcrypt base64'),
    value: z.string().length(31).regex(bcryptChars, 'must be bcrypt base64'),
  }).transform((h) => `$2b$${String(h.workFactor).padStart(2, '0')}$${h.salt}${h.value}`),
  z.strictObject({
    algorithm: z.literal('PBKDF2'),
    salt: base64,
    value: base64,
    iterations: z.int().min(1),
    keySize: z.int().min(1),
    digestAlgorithm: z.enum(['SHA1', 'SHA256', 'SHA512']),
  }).refine((h) => Buffer.from(h.value, 'base64').length === h.keySize, { path: ['keySize'], message: 'must equal the byte length of value' })
    .transform((h) => formatPbkdf2(h.digestAlgorithm.toLowerCase(), h.iterations, Buffer.from(h.salt, 'base64'), Buffer.from(h.value, 'base64'))),
  z.strictObject({ algorithm: z.literal('ARGON2'), value: z.string() }).transform((h) => h.value),
]);
const passwordHash = z.union([z.string(), oktaPasswordHash], {
  error: 'must be a hash string ($argon2id$…, $2b$…, $pbkdf2-…) or an object with algorithm BCRYPT, PBKDF2 or ARGON2',
}).refine(isSupportedPasswordHash, 'is not a supported password hash (argon2, bcrypt or PBKDF2)');

const imageUrl = z.string()
  .refine((s) => (URL.canParse(s) && /^https?:$/.test(new URL(s).protocol)) || s.startsWith('/'), { message: 'must be an http(s) URL or a path on this server', abort: true })
  // The page puts it in CSS and HTML attributes: characters that could end either are refused.
  .refine((s) => !/["'()\\\s<>]/.test(s), 'must not contain quotes, parentheses, backslashes, spaces or angle brackets');

/** The hosted sign-in page's look; `signInTemplate` replaces Okta's default template (same variables). */
const brandingSchema = z.strictObject({
  pageTitle: z.string().trim().min(1).max(200).optional(),
  brandName: z.string().trim().min(1).max(100).optional(),
  logoUrl: imageUrl.optional(),
  faviconUrl: imageUrl.optional(),
  backgroundImageUrl: imageUrl.optional(),
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1662dd').optional(),
  signInTemplate: z.string().min(1).refine((t) => t.includes('{{{SignInWidgetResources}}}') && t.includes('{{{OktaUtil}}}'), 'must include {{{SignInWidgetResources}}} and {{{OktaUtil}}}').optional(),
});

/** Authenticator settings in Okta's Authenticators API shape; each key at most once. */
const authenticatorSchema = z.discriminatedUnion('key', [
  z.strictObject({
    key: z.literal('okta_email'),
    settings: z.strictObject({
      /** How long an emailed code and magic link stay good (Okta's default: 5). */
      tokenLifetimeInMinutes: z.int().min(1).max(1440).default(5),
    }).default({ tokenLifetimeInMinutes: 5 }),
  }),
  z.strictObject({ key: z.literal('okta_password'), settings: z.strictObject({}).default({}) }),
  z.strictObject({
    key: z.literal('security_question'),
    settings: z.strictObject({
      /** The shortest answer accepted at enrollment (Okta's: 4, which is also the least allowed). */
      answerMinLength: z.int().min(4).max(100).default(4),
    }).default({ answerMinLength: 4 }),
  }),
  z.strictObject({
    key: z.literal('webauthn'),
    settings: z.strictObject({
      /** Whether the authenticator must verify the person (PIN, biometrics) besides their presence (Okta's default: PREFERRED). */
      userVerification: z.enum(['DISCOURAGED', 'PREFERRED', 'REQUIRED']).default('PREFERRED'),
      /** The identify step offers signing in with a passkey, without typing a username. */
      passkeySignIn: z.boolean().default(false),
    }).default({ userVerification: 'PREFERRED', passkeySignIn: false }),
  }),
  z.strictObject({
    key: z.literal('okta_verify'),
    settings: z.strictObject({
      /** Okta's number challenge: the device must choose the number the sign-in page shows (ALWAYS, the default) or not (NEVER). */
      channelBinding: z.strictObject({ style: z.literal('NUMBER_CHALLENGE'), required: z.enum(['ALWAYS', 'NEVER']) }).default({ style: 'NUMBER_CHALLENGE', required: 'ALWAYS' }),
    }).default({ channelBinding: { style: 'NUMBER_CHALLENGE', required: 'ALWAYS' } }),
  }),
]);

const groupSchema = z.strictObject({
  name: name.refine((n) => n !== EVERYONE, `${EVERYONE} is built in; do not declare it`),
  description,
});

/**
 * A user's enrollment of an authenticator (the secret in clear, when the kind has one): the
 * authenticator checks its own entry (Authenticator.enrollmentTransfer).
 */
const enrollmentSchema = z.strictObject({
  key: z.string().min(1),
  id: z.string().regex(new RegExp(`^${IdPrefix.authenticatorEnrollment}[A-Za-z0-9]{17}$`), 'must be an enrollment id as exported (pae and 17 letters or digits)').optional(),
  profile: jsonObject,
  secret: z.json().optional(),
}).superRefine((e, ctx) => {
  const transfer = authenticatorByKey(e.key)?.enrollmentTransfer;
  if (!transfer) {
    const kinds = AUTHENTICATORS.filter((a) => a.enrollmentTransfer).map((a) => a.key).join(', ');
    ctx.addIssue({ code: 'custom', path: ['key'], message: `enrollments of "${e.key}" cannot be imported (these can: ${kinds})` });
    return;
  }
  const checked = transfer.importEnrollment(e);
  if ('problems' in checked) for (const p of checked.problems) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});

const userSchema = z.strictObject({
  login,
  status: z.enum(USER_STATUSES).default('ACTIVE'),
  profile: z.object({ login: z.string().optional(), email: z.string().optional() }).catchall(z.json()).default({}),
  password: z.string().min(1).optional(),
  passwordHash: passwordHash.optional(),
  /** When the password was last set (Okta's `passwordChanged`): the password policy's maxAgeDays count from then. Default: when it is imported. */
  passwordChanged: z.iso.datetime({ offset: true }).optional(),
  /** The email address is verified (the email authenticator is enrolled); false makes the user verify it at sign-in when policy asks. */
  emailVerified: z.boolean().default(true),
  groups: z.array(name).default([]),
  /** Left out: the user's enrollments stay as they are; listed ones are added or updated, none removed. */
  authenticatorEnrollments: z.array(enrollmentSchema).optional(),
}).superRefine((u, ctx) => {
  if (u.password !== undefined && u.passwordHash !== undefined) ctx.addIssue({ code: 'custom', path: ['passwordHash'], message: 'set password or passwordHash, not both' });
  if (u.profile.login !== undefined && u.profile.login.trim().toLowerCase() !== u.login) ctx.addIssue({ code: 'custom', path: ['profile', 'login'], message: 'must equal login (or be left out)' });
}).transform(({ profile: { login: _login, ...profile }, ...u }) => ({ ...u, profile: { ...profile, email: profile.email ?? u.login } }));

const jwks = z.strictObject({
  keys: z.array(z.object({ kty: z.string() }).catchall(z.json())
    .refine((k) => !['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((m) => m in k), 'must be a public key (no private members)')).min(1),
});

const appSchema = z.strictObject({
  clientId: z.string().regex(/^[A-Za-z0-9_-]{3,100}$/, 'must be 3 to 100 characters of A-Z a-z 0-9 _ -'),
  label: name,
  name: name.default('oidc_client'),
  type: z.enum(['web', 'browser', 'native', 'service']),
  status,
  clientSecret: z.string().min(14, 'must be at least 14 characters').optional(),
  // hashSecret() output: base64url SHA-256; the pattern catches a clear secret pasted here by mistake.
  clientSecretHash: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a hashed secret as exported (43 base64url characters)').optional(),
  tokenEndpointAuthMethod: z.enum(AUTH_METHODS).optional(),
  redirectUris: z.array(absoluteUrl).default([]),
  postLogoutRedirectUris: z.array(absoluteUrl).default([]),
  grantTypes: z.array(z.enum(GRANT_TYPES)).min(1).optional(),
  responseTypes: z.array(z.enum(['code', 'token', 'id_token'])).min(1).optional(),
  pkceRequired: z.boolean().optional(),
  jwks: jwks.optional(),
  refreshToken: z.strictObject({
    rotation: z.enum(['ROTATE', 'STATIC']).default('ROTATE'),
    leewaySeconds: z.int().min(0).max(60).default(30),
  }).default({ rotation: 'ROTATE', leewaySeconds: 30 }),
  /** Left out: the org's engine. classic keeps the app off IDX; identity_engine (with interaction_code) routes its rollout there. */
  engine: z.enum(ENGINE_MODES).optional(),
  rollout: z.strictObject({ percent: z.int().min(0).max(100), groups: z.array(name).default([]) }).optional(),
}).transform((a) => {
  const publicClient = a.type === 'browser' || a.type === 'native';
  return {
    ...a,
    tokenEndpointAuthMethod: a.tokenEndpointAuthMethod ?? (publicClient ? 'none' : 'client_secret_basic'),
    grantTypes: a.grantTypes ?? [a.type === 'service' ? 'client_credentials' : 'authorization_code'],
    responseTypes: a.responseTypes ?? [a.type === 'service' ? 'token' : 'code'],
    pkceRequired: a.pkceRequired ?? publicClient,
  };
}).superRefine((a, ctx) => {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const method = a.tokenEndpointAuthMethod;
  const secretField = a.clientSecretHash !== undefined ? 'clientSecretHash' : 'clientSecret';
  const hasSecret = a.clientSecret !== undefined || a.clientSecretHash !== undefined;
  const usesSecret = method === 'client_secret_basic' || method === 'client_secret_post';
  if (a.clientSecret !== undefined && a.clientSecretHash !== undefined) problem('clientSecretHash', 'set clientSecret or clientSecretHash, not both');
  if (a.type === 'browser' || a.type === 'native') {
    if (hasSecret) problem(secretField, `${a.type} apps cannot keep a client secret`);
    if (usesSecret) problem('tokenEndpointAuthMethod', `must be none or private_key_jwt for ${a.type} apps`);
  } else if (method === 'none') {
    problem('tokenEndpointAuthMethod', `${a.type} apps must authenticate: use client_secret_basic, client_secret_post or private_key_jwt`);
  }
  if (usesSecret && !hasSecret && a.type !== 'browser' && a.type !== 'native') problem('clientSecret', `is required with ${method}`);
  if (method === 'private_key_jwt' && hasSecret) problem(secretField, 'private_key_jwt apps have no client secret');
  if (method === 'private_key_jwt' && !a.jwks) problem('jwks', 'is required with private_key_jwt');
  if (method === 'none' && !a.pkceRequired) problem('pkceRequired', 'must be true when tokenEndpointAuthMethod is none');
  const serviceGrants = a.grantTypes.every((g) => g === 'client_credentials');
  if (a.type === 'service' && !serviceGrants) problem('grantTypes', 'service apps only use client_credentials');
  if (a.type !== 'service' && a.grantTypes.includes('client_credentials')) problem('grantTypes', 'client_credentials is for service apps only');
  if (a.engine === 'identity_engine' && !a.grantTypes.includes('interaction_code')) problem('engine', 'identity_engine needs the interaction_code grant (grantTypes)');
  if (a.rollout && a.engine !== 'identity_engine') problem('rollout', 'is only for engine: identity_engine');
  if (a.grantTypes.some((g) => g === 'authorization_code' || g === 'implicit') && a.redirectUris.length === 0) {
    problem('redirectUris', 'needs at least one redirect URI for authorization_code or implicit');
  }
});

const scopeSchema = z.strictObject({
  name: z.string().regex(/^(?!\*$)\S+$/, 'must be a scope name without spaces (and not *)'),
  description,
  consent: z.enum(['IMPLICIT', 'REQUIRED']).default('IMPLICIT'),
  default: z.boolean().default(false),
});

const claimSchema = z.strictObject({
  name,
  claimType: z.enum(['RESOURCE', 'IDENTITY']),
  valueType: z.enum(['EXPRESSION', 'GROUPS']),
  value: z.string().min(1),
  groupFilterType: z.enum(['STARTS_WITH', 'EQUALS', 'CONTAINS', 'REGEX']).nullable().default(null),
  alwaysIncludeInToken: z.boolean().default(true),
  scopes: z.array(z.string()).default([]),
  status,
}).superRefine((c, ctx) => {
  if (c.valueType === 'GROUPS' && c.groupFilterType === null) ctx.addIssue({ code: 'custom', path: ['groupFilterType'], message: 'is required when valueType is GROUPS' });
  if (c.valueType === 'EXPRESSION' && c.groupFilterType !== null) ctx.addIssue({ code: 'custom', path: ['groupFilterType'], message: 'is only for valueType GROUPS' });
});

const accessRuleSchema = z.strictObject({
  name,
  priority,
  status,
  grantTypes: z.array(z.enum(GRANT_TYPES)).min(1),
  scopes: z.array(z.string().min(1)).min(1),
  people: z.strictObject({ groups: z.array(name).default([]), users: z.array(login).default([]) }).default({ groups: [EVERYONE], users: [] }),
  accessTokenLifetimeMinutes: z.int().min(5).max(1440).default(60),
  refreshTokenLifetimeMinutes: z.int().min(1).nullable().default(null),
  refreshTokenWindowMinutes: z.int().min(10).max(5 * 365 * 24 * 60).default(7 * 24 * 60),
}).superRefine((r, ctx) => {
  const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (r.people.groups.length === 0 && r.people.users.length === 0) problem(['people'], 'must name at least one group or user');
  if (r.refreshTokenLifetimeMinutes !== null) {
    if (r.refreshTokenLifetimeMinutes < r.accessTokenLifetimeMinutes) problem(['refreshTokenLifetimeMinutes'], 'must not be shorter than accessTokenLifetimeMinutes');
    if (r.refreshTokenWindowMinutes > r.refreshTokenLifetimeMinutes) problem(['refreshTokenWindowMinutes'], 'must not be longer than refreshTokenLifetimeMinutes');
  }
});

const accessPolicySchema = z.strictObject({
  name,
  description,
  priority,
  status,
  clients: z.array(z.string().min(1)).min(1).default([ALL_CLIENTS]),
  rules: z.array(accessRuleSchema).default([]),
});

const authServerSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -').refine((id) => id !== 'v1', "'v1' is reserved"),
  name,
  description,
  audiences: z.array(z.string().min(1)).min(1),
  status,
  scopes: z.array(scopeSchema).default([]),
  claims: z.array(claimSchema).default([]),
  policies: z.array(accessPolicySchema).default([]),
});

const trustedOriginSchema = z.strictObject({
  name,
  origin,
  scopes: z.array(z.enum(['CORS', 'REDIRECT'])).min(1),
});

/**
 * What a PASSWORD policy's `settings.password` may say (Okta's Policy API shape, plus `preset`);
 * checked, not rewritten, so settings Latchkey does not read (e.g. Okta's `age.maxAgeDays`) are kept.
 */
const count = z.int().min(0);
const passwordPolicySettings = z.object({
  password: z.object({
    preset: z.enum(Object.keys(PASSWORD_PRESETS) as [PasswordPreset, ...PasswordPreset[]]).optional(),
    complexity: z.object({
      minLength: z.int().min(1), minLowerCase: count, minUpperCase: count, minNumber: count, minSymbol: count,
      excludeUsername: z.boolean(), excludeAttributes: z.array(z.string()),
      dictionary: z.strictObject({ common: z.strictObject({ exclude: z.boolean() }) }),
    }).partial().optional(),
    lockout: z.object({ maxAttempts: count, autoUnlockMinutes: z.int().min(1).nullable() }).partial().optional(),
    age: z.object({ historyCount: z.int().min(0).max(KEPT_PASSWORDS), minAgeMinutes: count }).partial().optional(),
  }).optional(),
  // Classic's recovery factors (OIE names the methods on the rule instead: see passwordRuleActions).
  recovery: z.object({
    factors: z.partialRecord(z.enum(['okta_email', 'okta_sms', 'okta_call', 'recovery_question']), z.object({
      status: z.enum(['ACTIVE', 'INACTIVE']),
      properties: z.object({ recoveryToken: z.object({ tokenLifetimeMinutes: z.int().min(1) }).partial().optional() }).optional(),
    })).optional(),
  }).optional(),
});

/** What a PASSWORD rule's `actions.selfServicePasswordReset` may say: who may reset a forgotten password, and how. */
const passwordRuleActions = z.object({
  selfServicePasswordReset: z.strictObject({
    access: z.enum(['ALLOW', 'DENY']),
    requirement: z.strictObject({
      primary: z.strictObject({ methods: z.array(z.enum(RECOVERY_METHODS)).min(1) }).optional(),
      stepUp: z.strictObject({ required: z.boolean(), methods: z.array(z.literal('security_question')).optional() }).optional(),
      accessControl: z.enum(['AUTH_POLICY', 'LEGACY']).optional(),
    }).optional(),
  }).optional(),
});

/** What an MFA_ENROLL policy's `settings.authenticators` may say: each key's requirement and, when required, its grace period. */
const gracePeriod = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('BY_DATE_TIME'), expiry: z.iso.datetime({ offset: true }) }),
  z.strictObject({ type: z.literal('BY_SKIP_COUNT'), skipCount: z.int().min(1) }),
]);
const enrollmentPolicySettings = z.object({
  authenticators: z.array(z.object({
    key: z.string().min(1),
    enroll: z.object({ self: z.enum(['REQUIRED', 'OPTIONAL', 'NOT_ALLOWED']), gracePeriod: gracePeriod.optional() })
      .refine((e) => e.gracePeriod === undefined || e.self === 'REQUIRED', { path: ['gracePeriod'], message: 'is only for a REQUIRED authenticator' }).optional(),
  })).optional(),
});

/** Okta's IP network zone (Network Zones API shape); rules name it by id in `conditions.network.include|exclude`. */
const gatewaySchema = z.strictObject({
  type: z.enum(['CIDR', 'RANGE']),
  value: z.string().trim().min(1).max(100),
}).refine((g) => gatewayValid(g.type, g.value), { message: 'is not an address, CIDR block or range of that type', path: ['value'] });

const networkZoneSchema = z.strictObject({
  id: z.string().trim().min(1).max(100),
  name,
  type: z.literal('IP').default('IP'),
  gateways: z.array(gatewaySchema).min(1),
  /** Okta's zone proxies: proxies trusted to forward requests (their X-Forwarded-For names the client). */
  proxies: z.array(gatewaySchema).optional(),
});

const policySchema = z.strictObject({
  type: z.enum(POLICY_TYPES),
  name,
  description,
  priority,
  status,
  conditions: jsonObject,
  settings: jsonObject,
  rules: z.array(z.strictObject({ name, priority, status, conditions: jsonObject, actions: jsonObject })).default([]),
}).superRefine((p, ctx) => {
  const settingsSchema = p.type === 'PASSWORD' ? passwordPolicySettings : p.type === 'MFA_ENROLL' ? enrollmentPolicySettings : undefined;
  for (const issue of settingsSchema?.safeParse(p.settings).error?.issues ?? []) {
    ctx.addIssue({ code: 'custom', path: ['settings', ...issue.path], message: issue.message });
  }
  if (p.type === 'PASSWORD') {
    p.rules.forEach((r, i) => {
      for (const issue of passwordRuleActions.safeParse(r.actions).error?.issues ?? []) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'actions', ...issue.path], message: issue.message });
      }
    });
  }
  if (p.type === 'PROFILE_ENROLLMENT') {
    p.rules.forEach((r, i) => profileEnrollmentActions.safeParse(r.actions).error?.issues.forEach((issue) => {
      ctx.addIssue({ code: 'custom', path: ['rules', i, 'actions', ...issue.path], message: issue.message });
    }));
  }
});

export const orgDocumentSchema = z.strictObject({
  version: z.literal(1),
  org: z.strictObject({
    name,
    /** Unknown usernames are answered like known ones (Okta's "user enumeration prevention" for authentication). */
    userEnumerationPrevention: z.boolean().default(true),
    /** An email magic link opened in another browser or device completes the original sign-in (else it shows where to type the code). */
    emailLinkCompletesAnywhere: z.boolean().default(false),
    /**
     * Okta's "Stay signed in" (Security > General): the identify form offers "Keep me signed in" (BEFORE_SIGN_IN, Okta's default),
     * the sign-in also ends with a "Stay signed in?" prompt (BEFORE_AND_AFTER_SIGN_IN), or neither (see policy/keepMeSignedIn.ts).
     */
    staySignedIn: z.enum(STAY_SIGNED_IN_OPTIONS).default('BEFORE_SIGN_IN'),
    /** classic: the org signs in through /api/v1/authn under Classic policies, and IDX is off (left out: as stored, else identity_engine). */
    engine: z.enum(ENGINE_MODES).optional(),
    /** Classic sign-in page features that Identity Engine drops (what `upgrade check` reports). */
    classicFeatures: classicFeaturesSchema.optional(),
  }).optional(),
  branding: brandingSchema.optional(),
  groups: z.array(groupSchema).default([]),
  users: z.array(userSchema).default([]),
  apps: z.array(appSchema).default([]),
  authorizationServers: z.array(authServerSchema).default([]),
  trustedOrigins: z.array(trustedOriginSchema).default([]),
  authenticators: z.array(authenticatorSchema).default([]),
  /** When given, replaces the org's network zones. */
  networkZones: z.array(networkZoneSchema).optional(),
  policies: z.array(policySchema).default([]),
  /** Custom attributes of the user profile (Okta's base attributes are built in). */
  userSchema: userSchemaSchema.optional(),
  inlineHooks: z.array(inlineHookSchema).default([]),
}).superRefine((doc, ctx) => {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  checkReferences(doc, report);
  checkClassicPolicies(doc, report);
  checkRegistrationReferences(doc, report);
});

export type OrgDocument = z.output<typeof orgDocumentSchema>;
export type OrgUser = OrgDocument['users'][number];
export type OrgApp = OrgDocument['apps'][number];
export type OrgAuthServer = OrgDocument['authorizationServers'][number];
export type OrgPolicy = OrgDocument['policies'][number];
export type Branding = NonNullable<OrgDocument['branding']>;
export type OrgAuthenticator = OrgDocument['authenticators'][number];
/** The authenticators the org file can configure. */
export const CONFIGURABLE_AUTHENTICATORS: ReadonlyArray<OrgAuthenticator['key']> = authenticatorSchema.options.map((o) => o.shape.key.value);

type Report = (path: PropertyKey[], message: string) => void;

/** Cross-references and uniqueness inside the file; run once every part is valid on its own. */
function checkReferences(doc: OrgDocument, report: Report): void {
  const groups = new Set([EVERYONE, ...doc.groups.map((g) => g.name)]);
  const clients = new Set([ALL_CLIENTS, ...doc.apps.map((a) => a.clientId)]);
  const known = (set: Set<string>, what: string, path: PropertyKey[], hint = '') => (value: string, i: number) => {
    if (!set.has(value)) report([...path, i], `unknown ${what} "${value}"${hint}`);
  };
  const declaredGroup = (path: PropertyKey[]) => known(groups, 'group', path, ' (declare it under groups)');

  unique(doc.groups, (g) => g.name, ['groups'], 'name', 'group name', report);
  unique(doc.users, (u) => u.login, ['users'], 'login', 'login', report);
  // Enrollment ids are unique across users: each names one row.
  const firstAt = new Map<string, string>();
  doc.users.forEach((u, i) => u.authenticatorEnrollments?.forEach((e, j) => {
    const at = `users[${i}].authenticatorEnrollments[${j}]`;
    const seen = e.id && firstAt.get(e.id);
    if (seen) report(['users', i, 'authenticatorEnrollments', j, 'id'], `duplicate enrollment id "${e.id}" (first at ${seen})`);
    else if (e.id) firstAt.set(e.id, at);
  }));
  doc.users.forEach((u, i) => u.groups.forEach(declaredGroup(['users', i, 'groups'])));
  doc.apps.forEach((a, i) => a.rollout?.groups.forEach(declaredGroup(['apps', i, 'rollout', 'groups'])));
  unique(doc.apps, (a) => a.clientId, ['apps'], 'clientId', 'clientId', report);
  unique(doc.authorizationServers, (s) => s.id, ['authorizationServers'], 'id', 'authorization server id', report);
  doc.authorizationServers.forEach((s, i) => {
    const at = ['authorizationServers', i];
    const scopes = new Set([...SYSTEM_SCOPE_NAMES, ...s.scopes.map((x) => x.name)]);
    unique(s.scopes, (x) => x.name, [...at, 'scopes'], 'name', 'scope', report);
    unique(s.claims, (c) => `${c.name} (${c.claimType})`, [...at, 'claims'], 'name', 'claim', report);
    s.claims.forEach((c, j) => c.scopes.forEach(known(scopes, 'scope', [...at, 'claims', j, 'scopes'])));
    unique(s.policies, (p) => p.name, [...at, 'policies'], 'name', 'policy name', report);
    s.policies.forEach((p, j) => {
      const pat = [...at, 'policies', j];
      p.clients.forEach(known(clients, 'client id', [...pat, 'clients'], ' (declare it under apps)'));
      unique(p.rules, (r) => r.name, [...pat, 'rules'], 'name', 'rule name', report);
      p.rules.forEach((r, k) => {
        r.scopes.forEach(known(new Set(['*', ...scopes]), 'scope', [...pat, 'rules', k, 'scopes']));
        r.people.groups.forEach(declaredGroup([...pat, 'rules', k, 'people', 'groups']));
      });
    });
  });
  unique(doc.trustedOrigins, (t) => t.origin, ['trustedOrigins'], 'origin', 'origin', report);
  unique(doc.policies, (p) => `${p.type} ${p.name}`, ['policies'], 'name', 'policy', report);
  unique(doc.authenticators, (a) => a.key, ['authenticators'], 'key', 'authenticator', report);
  doc.policies.forEach((p, i) => unique(p.rules, (r) => r.name, ['policies', i, 'rules'], 'name', 'rule name', report));
  unique(doc.networkZones ?? [], (z) => z.id, ['networkZones'], 'id', 'network zone id', report);
  const zoneIds = new Set((doc.networkZones ?? []).map((z) => z.id));
  doc.policies.forEach((p, i) => p.rules.forEach((r, j) => {
    const network = (r.conditions as { network?: { include?: unknown; exclude?: unknown } }).network;
    for (const side of ['include', 'exclude'] as const) {
      const refs = network?.[side];
      if (Array.isArray(refs)) refs.forEach((ref, k) => {
        if (typeof ref !== 'string' || (!zoneIds.has(ref) && !gatewayValid(ref.includes('-') ? 'RANGE' : 'CIDR', ref))) {
          report(['policies', i, 'rules', j, 'conditions', 'network', side, k], `unknown network zone "${String(ref)}" (declare it under networkZones, or give an IP range)`);
        }
      });
    }
  }));
}

/** Reports each repeat of a natural key at `field` of the repeating item. */
function unique<T>(items: T[], key: (item: T) => string, path: PropertyKey[], field: string, what: string, report: Report): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const seen = first.get(k);
    if (seen === undefined) first.set(k, i);
    else report([...path, i, field], `duplicate ${what} "${k}" (first at index ${seen})`);
  });
}
