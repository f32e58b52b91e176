import type { Policy } from '../store/repositories/policies.js';
import { attributeDefinition, type FormAttribute, type UserSchema } from './userSchema.js';

/**
 * Okta's profile enrollment policy (type PROFILE_ENROLLMENT), in its Policy API shape: policy
 * `conditions.apps.include` names the client ids it governs (absent: every app without its own, as
 * Okta's default policy); its first active rule's `actions.profileEnrollment` = { access: ALLOW|DENY,
 * unknownUserAction: REGISTER|DENY, targetGroupIds, activationRequirements: { emailVerification },
 * profileAttributes: [{ name, label, required }], preRegistrationInlineHooks: [{ inlineHookId }],
 * progressiveProfilingAction: ENABLED|DISABLED }. Without a policy, Okta's default: nobody registers.
 */
interface ProfileEnrollmentAction {
  access?: 'ALLOW' | 'DENY';
  unknownUserAction?: 'REGISTER' | 'DENY';
  targetGroupIds?: string[];
  activationRequirements?: { emailVerification?: boolean };
  profileAttributes?: Array<{ name: string; label?: string; required?: boolean }>;
  preRegistrationInlineHooks?: Array<{ inlineHookId: string }>;
  progressiveProfilingAction?: 'ENABLED' | 'DISABLED';
}

export interface ProfileEnrollment {
  /** New people may sign up (Okta offers `select-enroll-profile` on the identify step). */
  registration: boolean;
  /** The attributes the sign-up form asks, email first among them. */
  attributes: FormAttribute[];
  /** Groups (by name) a registered user joins besides Everyone. */
  targetGroups: string[];
  /** The new user verifies their email (enrolls the email authenticator) before access; they stay STAGED until then. */
  emailVerification: boolean;
  /** Registration inline hooks called, in order, before the user is created. */
  inlineHookIds: string[];
  /** Existing users are asked, at sign-in, for required attributes their profile lacks. */
  progressiveProfiling: boolean;
}

/** Okta's default form: email, first and last name, all required. */
const DEFAULT_ATTRIBUTES: NonNullable<ProfileEnrollmentAction['profileAttributes']> = [
  { name: 'email', required: true },
  { name: 'firstName', required: true },
  { name: 'lastName', required: true },
];

export const NO_PROFILE_ENROLLMENT: ProfileEnrollment = {
  registration: false, attributes: [], targetGroups: [], emailVerification: false, inlineHookIds: [], progressiveProfiling: false,
};

function policyFor(policies: Policy[], clientId: string): Policy | undefined {
  const active = policies.filter((p) => p.type === 'PROFILE_ENROLLMENT' && p.status === 'ACTIVE').sort((a, b) => a.priority - b.priority);
  const apps = (p: Policy) => (p.conditions as { apps?: { include?: string[] } }).apps?.include;
  return active.find((p) => apps(p)?.includes(clientId)) ?? active.find((p) => !apps(p)?.length);
}

/** What the app's profile enrollment policy says (its first active rule decides, as in Okta). */
export function profileEnrollmentFor(policies: Policy[], clientId: string, schema: UserSchema): ProfileEnrollment {
  const rule = policyFor(policies, clientId)?.rules.filter((r) => r.status === 'ACTIVE').sort((a, b) => a.priority - b.priority)[0];
  const action = (rule?.actions as { profileEnrollment?: ProfileEnrollmentAction } | undefined)?.profileEnrollment;
  if (!action) return NO_PROFILE_ENROLLMENT;
  const listed = action.profileAttributes?.length ? action.profileAttributes : DEFAULT_ATTRIBUTES;
  // Okta always collects the email (it becomes the new user's login), required, first.
  const email = listed.find((a) => a.name === 'email');
  const collected = [{ ...email, name: 'email', required: true }, ...listed.filter((a) => a.name !== 'email')];
  const attributes = collected.flatMap((a): FormAttribute[] => {
    const definition = attributeDefinition(schema, a.name);
    return definition ? [{ ...definition, name: a.name, label: a.label ?? definition.title, required: a.required === true }] : [];
  });
  return {
    registration: action.access !== 'DENY' && action.unknownUserAction === 'REGISTER',
    attributes,
    targetGroups: action.targetGroupIds ?? [],
    emailVerification: action.activationRequirements?.emailVerification === true,
    inlineHookIds: (action.preRegistrationInlineHooks ?? []).map((h) => h.inlineHookId),
    progressiveProfiling: action.progressiveProfilingAction === 'ENABLED',
  };
}

/** Progressive profiling: the required attributes the user's profile lacks (none when the policy does not ask). */
export function missingAttributes(enrollment: ProfileEnrollment, profile: Record<string, unknown>): FormAttribute[] {
  if (!enrollment.progressiveProfiling) return [];
  return enrollment.attributes.filter((a) => a.required && isBlank(profile[a.name]));
}

export const isBlank = (value: unknown): boolean => value === undefined || value === null || value === '';
