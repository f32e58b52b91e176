import { selectAuthenticator } from './selectAuthenticator.js';

export const selectAuthenticatorAuthenticate = selectAuthenticator('select-authenticator-authenticate', {
  title: 'oie.select.authenticators.verify.title',
  subtitle: 'oie.select.authenticators.verify.subtitle',
  link: 'oie.verification.switch.authenticator',
}, null);
