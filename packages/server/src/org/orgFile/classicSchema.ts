import { z } from 'zod';
import { CLASSIC_FACTORS, isClassicEnrollment } from '../classic/enrollmentPolicy.js';

/**
 * What only a Classic org may declare, and how: Classic policies (checked here, stored like any
 * policy) and the Classic sign-in page features. An Identity Engine org may not declare them, nor a
 * Classic org Identity Engine policies: the file says which engine its policies are for.
 */
export const classicFeaturesSchema = z.strictObject({
  /** The security image shown after the username (Identity Engine has none). */
  securityImage: z.boolean().default(false),
  /** The sign-in page's "Remember me" checkbox (Identity Engine keeps the username through its own setting). */
  rememberMe: z.boolean().default(false),
});

const requirement = z.enum(['REQUIRED', 'OPTIONAL', 'NOT_ALLOWED']);
const factor = z.enum(CLASSIC_FACTORS as [string, ...string[]]);

const classicEnrollmentSettings = z.strictObject({
  type: z.literal('FACTORS'),
  factors: z.partialRecord(factor, z.object({ enroll: z.object({ self: requirement }) })),
});

const registrationSettings = z.strictObject({
  profileAttributes: z.array(z.strictObject({
    name: z.string().min(1), label: z.string().min(1), required: z.boolean(),
    readOnly: z.boolean().optional(), hidden: z.boolean().optional(),
  })).min(1),
  targetGroups: z.array(z.string().min(1)),
  activation: z.strictObject({ requireEmailVerification: z.boolean() }),
  defaultRedirect: z.union([z.literal('DASHBOARD'), z.url()]),
});

const classicSignOn = z.object({
  access: z.enum(['ALLOW', 'DENY']).optional(),
  requireFactor: z.boolean().optional(),
  factorPromptMode: z.enum(['ALWAYS', 'SESSION', 'DEVICE']).optional(),
  factorLifetime: z.int().min(1).optional(),
  rememberDeviceByDefault: z.boolean().optional(),
  factorSequence: z.array(z.array(factor).min(1)).optional(),
});

interface PolicyLike { type: string; settings: Record<string, unknown>; conditions: Record<string, unknown>; rules: Array<{ actions: Record<string, unknown> }> }
interface DocLike { org?: { engine?: string; classicFeatures?: unknown }; apps: Array<{ clientId: string; engine?: string }>; policies: PolicyLike[] }
type Report = (path: PropertyKey[], message: string) => void;

const isClassicOnly = (p: PolicyLike) => p.type === 'APP_SIGN_ON' || p.type === 'SELF_SERVICE_REGISTRATION' || (p.type === 'MFA_ENROLL' && isClassicEnrollment(p.settings));
const isIdentityEngineOnly = (p: PolicyLike) => p.type === 'ACCESS_POLICY' || p.type === 'PROFILE_ENROLLMENT' || (p.type === 'MFA_ENROLL' && !isClassicEnrollment(p.settings));

function reportIssues(schema: z.ZodType, value: unknown, path: PropertyKey[], report: Report): void {
  for (const issue of schema.safeParse(value).error?.issues ?? []) report([...path, ...issue.path], issue.message);
}

export function checkClassicPolicies(doc: DocLike, report: Report): void {
  const classic = doc.org?.engine === 'classic';
  if (doc.org?.classicFeatures && !classic) report(['org', 'classicFeatures'], 'are Classic features: set org.engine to classic');
  const clients = new Set(doc.apps.map((a) => a.clientId));
  doc.apps.forEach((a, i) => { if (classic && a.engine === 'identity_engine') report(['apps', i, 'engine'], 'a Classic org\'s apps are Classic: run "latchkey upgrade org" first'); });
  doc.policies.forEach((p, i) => {
    const at = ['policies', i];
    if (isClassicOnly(p) && !classic) report([...at, 'type'], `${p.type} ${p.type === 'MFA_ENROLL' ? 'with settings.type FACTORS ' : ''}is a Classic policy: set org.engine to classic`);
    if (isIdentityEngineOnly(p) && classic) report([...at, 'type'], `${p.type} is an Identity Engine policy; a Classic org declares ${p.type === 'MFA_ENROLL' ? 'settings.type FACTORS' : 'APP_SIGN_ON and SELF_SERVICE_REGISTRATION'} instead`);
    if (p.type === 'MFA_ENROLL' && isClassicEnrollment(p.settings)) reportIssues(classicEnrollmentSettings, p.settings, [...at, 'settings'], report);
    if (p.type === 'SELF_SERVICE_REGISTRATION') reportIssues(registrationSettings, p.settings, [...at, 'settings'], report);
    if (p.type === 'APP_SIGN_ON') {
      const apps = (p.conditions as { apps?: { include?: unknown } }).apps?.include;
      if (!Array.isArray(apps) || apps.length === 0) report([...at, 'conditions', 'apps', 'include'], 'must name the apps (client ids) the rules are for');
      else apps.forEach((a, j) => { if (!clients.has(String(a))) report([...at, 'conditions', 'apps', 'include', j], `unknown client id "${String(a)}" (declare it under apps)`); });
    }
    // The global session policy's factor settings mean the same under both engines (Identity Engine: see policy/sessionPolicy.ts).
    if (p.type === 'OKTA_SIGN_ON' || (classic && p.type === 'APP_SIGN_ON')) {
      p.rules.forEach((r, k) => reportIssues(classicSignOn, r.actions.signon ?? {}, [...at, 'rules', k, 'actions', 'signon'], report));
    }
  });
}
