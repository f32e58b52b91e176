import { selectAuthenticator } from './selectAuthenticator.js';

export const selectAuthenticatorEnroll = selectAuthenticator('select-authenticator-enroll', {
  title: 'oie.select.authenticators.enroll.title',
  subtitle: 'oie.select.authenticators.enroll.subtitle',
  link: 'oie.enroll.switch.authenticator',
}, 'enroll-choices');
