import type { Policy } from '../../store/repositories/policies.js';
import type { PolicyDraft } from './draft.js';

/**
 * Classic self-service registration (Latchkey's policy type SELF_SERVICE_REGISTRATION; Okta's
 * Classic configures it in the admin console without a public API): `settings = { profileAttributes:
 * [{ name, label, required, readOnly?, hidden? }], targetGroups: [group names], activation:
 * { requireEmailVerification }, defaultRedirect: 'DASHBOARD' | URL }`.
 */
export interface RegistrationSettings {
  profileAttributes: Array<{ name: string; label: string; required: boolean; readOnly?: boolean; hidden?: boolean }>;
  targetGroups: string[];
  activation: { requireEmailVerification: boolean };
  defaultRedirect: string;
}

export const registrationSettingsOf = (settings: Record<string, unknown>): RegistrationSettings => settings as unknown as RegistrationSettings;

/**
 * A profile enrollment policy (PROFILE_ENROLLMENT) with one rule: unknown users register with the
 * attributes the person may edit (read-only and hidden ones cannot be on an Identity Engine form),
 * join the same groups, and verify their email when Classic asked it. The default redirect has no
 * counterpart: Identity Engine returns the person to the app they registered from.
 */
export function profileEnrollmentPolicies(classic: Policy[]): PolicyDraft[] {
  return classic.filter((p) => p.type === 'SELF_SERVICE_REGISTRATION').map(({ id: _id, rules: _rules, settings, ...p }) => {
    const s = registrationSettingsOf(settings);
    return {
      ...p,
      type: 'PROFILE_ENROLLMENT',
      settings: {},
      rules: [{
        name: 'Catch-all Rule', priority: 1, status: 'ACTIVE', conditions: {},
        actions: {
          profileEnrollment: {
            access: 'ALLOW',
            unknownUserAction: 'REGISTER',
            targetGroupIds: s.targetGroups,
            activationRequirements: { emailVerification: s.activation.requireEmailVerification },
            profileAttributes: s.profileAttributes.filter((a) => !a.readOnly && !a.hidden).map((a) => ({ name: a.name, label: a.label, required: a.required })),
          },
        },
      }],
    };
  });
}
