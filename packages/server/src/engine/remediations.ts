import type { Field, RelatesTo } from '../vocabulary/fields.js';

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
  /** What is chosen with it, in place of its one methodType (see Authenticator.choiceFields). */
  choiceFields?: (enrolling: boolean) => Field[];
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
      ...(c.choiceFields?.(to === 'authenticator') ?? [{ name: 'methodType', required: false, value: c.methodType, mutable: false }]),
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

/**
 * Asks for what must be chosen with the authenticator chosen (the phone's method; enrolling, its number) before it starts:
 * posted where the choice was, with the same `authenticator` object.
 */
export const authenticatorData = (chosen: SelectableAuthenticator, enrolling: boolean): Remediation => ({
  name: enrolling ? 'authenticator-enrollment-data' : 'authenticator-verification-data',
  path: enrolling ? '/idp/idx/credential/enroll' : '/idp/idx/challenge',
  relatesTo: { to: enrolling ? 'currentAuthenticator' : 'currentAuthenticatorEnrollment' },
  fields: [{
    name: 'authenticator', type: 'object', label: chosen.displayName, required: true,
    form: [{ name: 'id', required: true, value: chosen.id, mutable: false }, ...(chosen.choiceFields?.(enrolling) ?? []).map((f) => ({ ...f, required: true }))],
  }],
});

/** Leaves the optional enrollments offered and goes on. */
export const skip = (): Remediation => ({ name: 'skip', path: '/idp/idx/skip', fields: [] });
