import type { Message } from './messages.js';

/** The messages of account unlock, activation and password expiry, worded and keyed as Okta's recordings have them (params included). */
export const AccountMessages = {
  unlocked: { key: 'oie.selfservice.unlock_user.success.message', text: 'You can log in using your existing username and password', params: [], class: 'INFO' } as Message,
  unlockedGoOn: {
    key: 'oie.selfservice.unlock_user.landing.to.app.success.message', text: 'Account successfully unlocked! Verify your account with a security method to continue.',
    params: [], class: 'INFO',
  } as Message,
  unlockNotPermitted: {
    key: 'oie.selfservice.unlock_user.challenge.failed.permissions', text: 'You do not have permission to perform the requested action', params: [], class: 'ERROR',
  } as Message,
  activationLinkExpired: {
    key: 'idx.expired.activation.token', text: 'Your account activation link is no longer valid. Request a new activation email below.', params: [], class: 'ERROR',
  } as Message,
  activationEmailRequested: {
    key: 'idx.request.activation.email',
    text: 'New activation link requested. If your information matches our records, you will receive a new activation link in your inbox soon.', class: 'INFO',
  } as Message,
  passwordExpiring: (orgName: string): Message => ({
    key: 'idx.password.expiring.message',
    text: `When your password expires, you will have to change your password before you can login to your ${orgName} account.`,
    params: [orgName], class: 'INFO',
  }),
};
