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
  // Security questions: the too-short answer and the HTML tags as Okta's recordings word them; a wrong
  // answer and an answer giving the question away are not recorded (keys in Okta's style, the widget shows the text).
  securityAnswerTooShort: (min: number): Message => ({
    key: 'securityQuestion.answer.tooShort.arg', text: `The security question answer must be at least ${min} characters in length`, params: [min], class: 'ERROR',
  }),
  securityAnswerInQuestion: error('securityQuestion.answer.containsQuestion', 'The answer must not be part of the question.'),
  securityAnswerInvalid: error('authfactor.challenge.question_factor.answer_invalid', "Your answer doesn't match our records. Please try again."),
  tagsNotAllowed: error('tagsNotAllowed', 'The field must not contain HTML tags'),
  fieldTooShort: error('model.validation.field.string.minLength', 'This field cannot be less than the minimum required characters'),
  fieldTooLong: error('model.validation.field.string.maxLength', 'This field cannot exceed the maximum allowed characters'),
  valueNotAllowed: error('model.validation.field.value.not.allowed', 'This field value is not allowed'),
  // WebAuthn: any assertion that does not verify (wrong challenge, origin, signature, counter, unknown credential) is answered alike.
  webauthnAssertionFailed: error('authfactor.webauthn.error.assertion_validation_failure', 'None of the WebAuthn authenticators the user has enrolled for was able to validate the assertion'),
  webauthnEnrollFailed: error('authfactor.webauthn.error', 'You are currently unable to use a Security key or biometric authenticator. Try again.'),
  // The phone's: a number that is not one, a code sent too recently, too many codes (Okta's keys, which its widget translates).
  invalidPhone: error('api.factors.error.sms.invalid_phone', 'Invalid Phone Number.'),
  smsRecentlySent: error('errors.E0000109', 'An SMS message was recently sent. Please wait 30 seconds before trying again.'),
  callRecentlyMade: error('errors.E0000133', 'A phone call was recently made. Please wait 30 seconds before trying again.'),
  smsLimit: error('errors.E0000150', 'You have reached the limit of sms requests, please try again later.'),
  callLimit: error('errors.E0000151', 'You have reached the limit of call requests, please try again later.'),
  linkExpired: { key: 'idx.return.link.expired', text: 'This email link has expired. To resend it, return to the screen where you requested it.', class: 'INFO' } as Message,
  enterCodeInOriginalTab: { key: 'idx.enter.otp.in.original.tab', text: 'Enter the code from the email in your original browser or device.', class: 'INFO' } as Message,
  // The security methods page and MyAccount API: Okta's API error codes as keys (errors.E…), so each surface can name the code.
  reverifyRequired: error('errors.E0000092', 'Access to this application requires re-authentication: verify it is you again, then retry.'),
  enrollmentNotFound: error('errors.E0000007', 'Not found: Resource not found: authenticator enrollment (AuthenticatorEnrollment)'),
  enrollmentRequired: error('errors.E0000001', 'Api validation failed: your organization requires this security method. Add another one before you remove it.'),
  enrollmentNotManageable: error('errors.E0000060', 'Unsupported operation: this security method is part of your account and cannot be renamed or removed here.'),
  nicknameInvalid: error('errors.E0000001', 'Api validation failed: a nickname has at most 50 characters.'),
  // Latchkey Verify (Okta Verify's keys): the push was denied on the device (or the wrong number chosen), or went unanswered.
  pushRejected: { ...error('api.authn.poll.error.push_rejected', 'You have chosen to reject this login.'), params: [] as unknown[] },
  pushExpired: error('oktaverify.timeout', 'Your push notification has expired.'),
  returnToOriginalTab: { key: 'idx.return.to.original.tab', text: 'Please return to the original tab.', class: 'INFO' } as Message,
  // Password recovery: the password policy allows no self-service reset (here, for this person); the reset is done; a recovery token that cannot be used.
  resetNotAllowed: { ...error('oie.selfservice.reset.password.not.allowed', 'Reset password is not allowed at this time. Please contact support for assistance.'), params: [] as unknown[] },
  recoveryCompleted: { key: 'idx.recovery.completed', text: 'You can now sign in with your existing username and new password.', class: 'INFO' } as Message,
  invalidRecoveryToken: error('idx.invalid.reset.password.token', 'Your reset password token is no longer valid.  Contact your administrator to obtain a new token.'),
} as const;
