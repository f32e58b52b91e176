import type { Message } from './messages.js';

/**
 * The forms of a step, described once and independent of any wire format: the IDX surface renders
 * them as Okta's ion forms (adding href, method, content types and the stateHandle field).
 */
export interface Field {
  name: string;
  label?: string;
  type?: 'string' | 'boolean' | 'object';
  required?: boolean;
  secret?: boolean;
  value?: unknown;
  mutable?: boolean;
  visible?: boolean;
  form?: Field[];
  options?: Option[];
  messages?: Message[];
}

/** Points into the step's context: one of the authenticators (to select) or the current enrollment. */
export type RelatesTo =
  | { to: 'authenticator'; key: string }
  | { to: 'authenticatorEnrollment'; key: string }
  | { to: 'currentAuthenticatorEnrollment' }
  | { to: 'currentAuthenticator' };

export interface Option {
  label: string;
  form: Field[];
  relatesTo?: RelatesTo;
}

export interface Remediation {
  name: string;
  /** Path under the org URL, e.g. /idp/idx/identify */
  path: string;
  fields: Field[];
  relatesTo?: RelatesTo;
}

/** The identify form; with `withPassword`, the password is asked on it too. */
export const identify = (withPassword = false): Remediation => ({
  name: 'identify',
  path: '/idp/idx/identify',
  fields: [
    { name: 'identifier', label: 'Username', required: true },
    ...(withPassword ? [{ name: 'credentials', type: 'object' as const, form: [{ name: 'passcode', label: 'Password', secret: true }], required: true }] : []),
    { name: 'rememberMe', label: 'Keep me signed in', type: 'boolean' },
  ],
});

export const challengeAuthenticator = (fields: Field[]): Remediation => ({
  name: 'challenge-authenticator',
  path: '/idp/idx/challenge/answer',
  relatesTo: { to: 'currentAuthenticatorEnrollment' },
  fields: [{ name: 'credentials', type: 'object', form: fields, required: true }],
});

export interface SelectableAuthenticator {
  key: string;
  id: string;
  displayName: string;
  methodType: string;
}

/** The `authenticator` field of the select forms: one option per authenticator, relating to its entry in `to`. */
const authenticatorOptions = (choices: SelectableAuthenticator[], to: 'authenticator' | 'authenticatorEnrollment'): Field => ({
  name: 'authenticator',
  type: 'object',
  options: choices.map((c) => ({
    label: c.displayName,
    relatesTo: { to, key: c.key },
    form: [
      { name: 'id', required: true, value: c.id, mutable: false },
      { name: 'methodType', required: false, value: c.methodType, mutable: false },
    ],
  })),
});

export const selectAuthenticatorAuthenticate = (choices: SelectableAuthenticator[]): Remediation => ({
  name: 'select-authenticator-authenticate',
  path: '/idp/idx/challenge',
  fields: [authenticatorOptions(choices, 'authenticatorEnrollment')],
});

export const selectAuthenticatorEnroll = (choices: SelectableAuthenticator[]): Remediation => ({
  name: 'select-authenticator-enroll',
  path: '/idp/idx/credential/enroll',
  fields: [{ ...authenticatorOptions(choices, 'authenticator'), required: true }],
});

export const enrollAuthenticator = (fields: Field[]): Remediation => ({
  name: 'enroll-authenticator',
  path: '/idp/idx/challenge/answer',
  relatesTo: { to: 'currentAuthenticator' },
  fields: [{ name: 'credentials', type: 'object', form: fields, required: true }],
});

/** Leaves the optional enrollments offered and goes on. */
export const skip = (): Remediation => ({ name: 'skip', path: '/idp/idx/skip', fields: [] });
