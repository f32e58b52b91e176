/** A message shown to the person signing in: Okta's i18n key (the widget translates it) and English text. */
export interface Message {
  key: string;
  text: string;
  params?: unknown[];
  class: 'ERROR' | 'INFO';
}

const error = (key: string, text: string): Message => ({ key, text, class: 'ERROR' });

/** The messages the engine can answer, with Okta's keys so Okta's widget shows them in any language. */
export const Messages = {
  sessionExpired: error('idx.session.expired', 'You have been logged out due to inactivity. Refresh or return to the sign in screen.'),
  accessDenied: error('security.access_denied', 'You do not have permission to perform the requested action.'),
  incorrectPassword: error('incorrectPassword', 'Password is incorrect'),
  authenticationFailed: error('errors.E0000004', 'Authentication failed'),
  factorSuspended: error('authfactor.challenge.suspended_factor', 'This factor is suspended for your account due to too many failed attempts'),
  requiredField: (field: string): Message => ({ key: 'model.validation.field.blank', text: 'This field cannot be left blank', params: [field], class: 'ERROR' }),
  invalidAuthenticator: error('idx.authenticator.invalid', 'The authenticator you chose is not available.'),
  noAuthenticator: error('idx.no.authenticator', 'There is no way for you to sign in to this app. Contact your administrator.'),
  malformed: error('E0000020', 'Bad request.'),
  tooManyRequests: error('tooManyRequests', 'Too many requests'),
  internal: error('errors.E0000009', 'Internal Server Error'),
  passwordRequirementsNotMet: (requirements: string): Message => ({
    key: 'password.passwordRequirementsNotMet', text: `Password requirements were not met. ${requirements}`, params: [requirements], class: 'ERROR',
  }),
  commonPassword: { ...error('password.common', 'This password was found in a list of commonly used passwords. Please try another password.'), params: [''] } as Message,
  // Okta answers this as information on the re-shown identify form (okta-auth-js resolves it; the widget re-renders the form).
  unknownUser: (identifier: string): Message => ({ key: 'idx.unknown.user', text: `There is no account with the Username ${identifier}.`, params: [], class: 'INFO' }),
  invalidCode: { ...error('api.authn.error.PASSCODE_INVALID', 'Invalid code. Try again.'), params: [] as unknown[] },
  // A TOTP code, wrong or used already, is answered with Okta's soft-token messages (no params on Okta's wire).
  totpInvalid: error('authfactor.challenge.soft_token.invalid_passcode', "API error: Your code doesn't match our records. Please try again."),
  totpUsed: error('authfactor.challenge.soft_token.used_passcode', 'API error: Each code can only be used once. Please wait for a new code and try again.'),
  // The phone's: a number that is not one, a code sent too recently, too many codes (Okta's keys, which its widget translates).
  invalidPhone: error('api.factors.error.sms.invalid_phone', 'Invalid Phone Number.'),
  smsRecentlySent: error('errors.E0000109', 'An SMS message was recently sent. Please wait 30 seconds before trying again.'),
  callRecentlyMade: error('errors.E0000133', 'A phone call was recently made. Please wait 30 seconds before trying again.'),
  smsLimit: error('errors.E0000150', 'You have reached the limit of sms requests, please try again later.'),
  callLimit: error('errors.E0000151', 'You have reached the limit of call requests, please try again later.'),
  linkExpired: { key: 'idx.return.link.expired', text: 'This email link has expired. To resend it, return to the screen where you requested it.', class: 'INFO' } as Message,
  enterCodeInOriginalTab: { key: 'idx.enter.otp.in.original.tab', text: 'Enter the code from the email in your original browser or device.', class: 'INFO' } as Message,
  returnToOriginalTab: { key: 'idx.return.to.original.tab', text: 'Please return to the original tab.', class: 'INFO' } as Message,
} as const;
