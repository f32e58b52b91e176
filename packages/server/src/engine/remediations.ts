import type { CredentialsForm, Field, RelatesTo } from '../vocabulary/fields.js';

export interface Remediation {
  name: string;
  /** Path under the org URL, e.g. /idp/idx/identify */
  path: string;
  fields: Field[];
  relatesTo?: RelatesTo;
  /** A polling form: the client posts it this often (ms) until the step changes. */
  refresh?: number;
}

/** The identify form; with `withPassword`, the password is asked on it too; with `keepSignedIn`, "Keep me signed in" is offered. */
export const identify = (withPassword = false, keepSignedIn = true): Remediation => ({
  name: 'identify',
  path: '/idp/idx/identify',
  fields: [
    { name: 'identifier', label: 'Username', required: true },
    ...(withPassword ? [{ name: 'credentials', type: 'object' as const, form: [{ name: 'passcode', label: 'Password', secret: true }], required: true }] : []),
    ...(keepSignedIn ? [{ name: 'rememberMe', label: 'Keep me signed in', type: 'boolean' as const }] : []),
  ],
});

const credentials = (form: CredentialsForm): Field => ({ name: 'credentials', type: 'object', ...(Array.isArray(form) ? { form } : form), required: true });

/** The identify form of a password recovery begun before anyone was identified (Okta's `identify-recovery`): the username only. */
export const identifyRecovery = (): Remediation => ({
  name: 'identify-recovery',
  path: '/idp/idx/identify',
  fields: [{ name: 'identifier', label: 'Username', required: true }],
});

/** The new password of a recovery, set through the password authenticator (Okta's `reset-authenticator`). */
export const resetAuthenticator = (form: CredentialsForm): Remediation => ({
  name: 'reset-authenticator',
  path: '/idp/idx/challenge/answer',
  relatesTo: { to: 'currentAuthenticator' },
  fields: [credentials(form)],
});

export const challengeAuthenticator = (form: CredentialsForm): Remediation => ({
  name: 'challenge-authenticator',
  path: '/idp/idx/challenge/answer',
  relatesTo: { to: 'currentAuthenticatorEnrollment' },
  fields: [credentials(form)],
});

export interface SelectableAuthenticator {
  key: string;
  id: string;
  displayName: string;
  methodType: string;
  /** Set when the user has several enrollments of this kind: the option names one of them. */
  enrollmentId?: string;
  /** What is chosen with it, in place of its one methodType (see Authenticator.choiceFields). */
  choiceFields?: (enrolling: boolean) => Field[];
}

/** The `authenticator` field of the select forms: one option per authenticator, relating to its entry in `to`. */
const authenticatorOptions = (choices: SelectableAuthenticator[], to: 'authenticator' | 'authenticatorEnrollment'): Field => ({
  name: 'authenticator',
  type: 'object',
  options: choices.map((c) => ({
    label: c.displayName,
    relatesTo: to === 'authenticator' ? { to, key: c.key } : { to, key: c.key, ...(c.enrollmentId && { enrollmentId: c.enrollmentId }) },
    form: [
      { name: 'id', required: true, value: c.id, mutable: false },
      ...(c.choiceFields?.(to === 'authenticator') ?? [{ name: 'methodType', required: false, value: c.methodType, mutable: false }]),
      ...(c.enrollmentId ? [{ name: 'enrollmentId', required: true, value: c.enrollmentId, mutable: false }] : []),
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

export const enrollAuthenticator = (form: CredentialsForm): Remediation => ({
  name: 'enroll-authenticator',
  path: '/idp/idx/challenge/answer',
  relatesTo: { to: 'currentAuthenticator' },
  fields: [credentials(form)],
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

/** Okta's clients poll this often while a challenge or an enrollment is completed on another device. */
const POLL_REFRESH_MS = 4000;

/** Waiting for the answer given on another device (a push): the client polls. */
export const challengePoll = (): Remediation => ({
  name: 'challenge-poll', path: '/idp/idx/authenticators/poll', relatesTo: { to: 'currentAuthenticator' }, fields: [], refresh: POLL_REFRESH_MS,
});

/** Waiting for a device to complete the enrollment (it scanned the QR code): the client polls. */
export const enrollPoll = (): Remediation => ({ name: 'enroll-poll', path: '/idp/idx/challenge/poll', fields: [], refresh: POLL_REFRESH_MS });

/**
 * Another way to reach the device being enrolled (choosing one starts the enrollment afresh). Okta
 * nests this form as `value.form` (okta-auth-js reads the id from there), unlike the select options.
 */
export const selectEnrollmentChannel = (a: SelectableAuthenticator, channels: string[]): Remediation => ({
  name: 'select-enrollment-channel',
  path: '/idp/idx/credential/enroll',
  fields: [{
    name: 'authenticator', type: 'object', label: a.displayName,
    value: {
      form: {
        value: [
          { name: 'id', value: a.id, required: true, mutable: false, visible: false },
          { name: 'channel', required: true, visible: true, options: channels.map((c) => ({ value: c, label: c.toUpperCase() })) },
        ],
      },
    },
  }],
});

/** "Stay signed in?" once the sign-in is complete (Okta's post-auth Keep me signed in): the person answers true or false. */
export const keepMeSignedIn = (): Remediation => ({
  name: 'keep-me-signed-in',
  path: '/idp/idx/keep-me-signed-in',
  fields: [{ name: 'keepMeSignedIn', type: 'boolean', label: 'Stay signed in', required: true, value: false, mutable: true }],
});
