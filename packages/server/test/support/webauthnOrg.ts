import { TEST, testOrg, passwordAndAnotherPolicy } from './testOrg.js';

/**
 * The test org where `clientId` (the SPA, or a new browser app) needs the password and another
 * factor, and `people` (in a group of their own, no verified email) must enroll a security key after
 * the password; passkey sign-in from the identify step is on.
 */
export function webauthnOrg(people: string[], clientId: string = TEST.spa.clientId) {
  const base = testOrg();
  const person = (login: string) => ({ login, profile: { firstName: 'Web', lastName: 'Authn' }, password: TEST.password, groups: ['Engineering', 'Keys required'], emailVerified: false });
  const app = { clientId, label: clientId, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] };
  return {
    ...base,
    groups: [...base.groups, { name: 'Keys required' }],
    users: [...base.users, ...people.map(person)],
    apps: base.apps.some((a) => a.clientId === clientId) ? base.apps : [...base.apps, app],
    authenticators: [{ key: 'webauthn', settings: { userVerification: 'PREFERRED', passkeySignIn: true } }],
    policies: [
      passwordAndAnotherPolicy([clientId]),
      {
        type: 'MFA_ENROLL', name: 'Keys required', priority: 1, conditions: { people: { groups: { include: ['Keys required'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'webauthn', enroll: { self: 'REQUIRED' } }] },
      },
    ],
  };
}
