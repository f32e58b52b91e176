import type { FormAttribute } from '../policy/userSchema.js';
import type { Field } from '../vocabulary/fields.js';
import type { Remediation } from './remediations.js';

/** Offered beside identify when the app's profile enrollment policy lets new people sign up. */
export const selectEnrollProfile = (): Remediation => ({ name: 'select-enroll-profile', path: '/idp/idx/enroll', fields: [] });

/** Back from the sign-up form to the identify form. */
export const selectIdentify = (): Remediation => ({ name: 'select-identify', path: '/idp/idx/identify/select', fields: [] });

/** The sign-up form: the attributes the policy collects. */
export const enrollNewProfile = (attributes: readonly FormAttribute[]): Remediation => ({
  name: 'enroll-profile', path: '/idp/idx/enroll/new', fields: [{ name: 'userProfile', form: attributes.map(attributeField) }],
});

/** Progressive profiling: the required attributes a signed-in user's profile lacks. */
export const enrollProfileUpdate = (attributes: readonly FormAttribute[]): Remediation => ({
  name: 'enroll-profile', path: '/idp/idx/enroll/update', fields: [{ name: 'userProfile', form: attributes.map(attributeField) }],
});

/**
 * One attribute as Okta writes it: strings without a type, booleans as a checkbox, a choice as a
 * select of its values (Okta's `display` option).
 */
function attributeField(a: FormAttribute): Field {
  const display = (value: Record<string, unknown>) => [{ label: 'display', value: { type: 'object', value } }];
  return {
    name: a.name, label: a.label, required: a.required,
    ...(a.type === 'boolean' && { type: 'boolean' as const, options: display({ inputType: 'checkbox' }) }),
    ...(a.oneOf && { type: 'string' as const, options: display({ inputType: 'select', options: a.oneOf.map((o) => ({ label: o.title, value: o.const })) }) }),
    ...(a.minLength !== undefined && !a.email && { minLength: a.minLength }),
    ...(a.maxLength !== undefined && !a.email && { maxLength: a.maxLength }),
  };
}
