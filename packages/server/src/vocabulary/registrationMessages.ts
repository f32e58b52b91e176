import type { Message } from './messages.js';

const error = (key: string, text: string, params?: unknown[]): Message => ({ key, text, class: 'ERROR', ...(params && { params }) });

/** Messages of self-service registration and progressive profiling, with Okta's i18n keys (its widget translates them). */
export const RegistrationMessages = {
  /** Registration is off for the app (Okta's answer to an enroll request it does not offer). */
  unavailable: error('idx.error.registration.unavailable', 'Registration is currently unavailable.'),
  /** On the field: the address belongs to an account already. */
  notUniqueWithinOrg: (label: string): Message => error('registration.error.notUniqueWithinOrg', `A user with this ${label} already exists`, [label]),
  invalidLoginEmail: (label: string): Message => error('registration.error.invalidLoginEmail', `'${label}' must be in the form of an email address`, [label]),
  doesNotMatchPattern: (label: string): Message => error('registration.error.doesNotMatchPattern', `Provided value for property '${label}' does not match required pattern`, [label]),
  wrongType: error('model.validation.field.wrong.type', 'This field is of the wrong type'),
  /** The registration inline hook failed, timed out or denied without saying why. */
  hookFailed: error('registration.default.callbackhook.error', 'We could not process your registration at this time. Please try again later.'),
  /** What the registration inline hook said when it denied (its errorCauses' errorSummary): shown as is. */
  hookDenied: (text: string): Message => error('registration.error.custom', text),
} as const;
