import { testOrg, TEST } from './testOrg.js';

/** How the SPA's authentication policy signs people in: a password, or the email alone. */
export type SignInMode = 'password' | 'passwordless';

/** A member of the Passwordless group (and Engineering, which the authorization server lets in); no password unless given. */
export interface PasswordlessMember {
  login: string;
  password?: string;
}

/**
 * The test org with passwordless sign-in for the SPA (TEST.spa), switched on and off by this file
 * alone: in `passwordless` mode the SPA's authentication policy allows only the email (1FA,
 * `okta_email`), and the Passwordless group's enrollment policy does not ask for a password; in
 * `password` mode the policy asks for the password. `org` overrides the org settings
 * (`emailLinkCompletesAnywhere`, true in the test org).
 */
export function passwordlessOrg(members: PasswordlessMember[], mode: SignInMode = 'passwordless', org: { emailLinkCompletesAnywhere?: boolean } = {}) {
  const base = testOrg();
  const constraint = mode === 'passwordless'
    ? { possession: { authenticationMethods: [{ key: 'okta_email', method: 'email' }] } }
    : { knowledge: { types: ['password'] } };
  return {
    ...base,
    org: { ...base.org, ...org },
    groups: [...base.groups, { name: 'Passwordless' }],
    users: [...base.users, ...members.map((m) => ({ ...m, groups: ['Engineering', 'Passwordless'] }))],
    policies: [
      {
        type: 'ACCESS_POLICY', name: 'Sign-in to the SPA', priority: 1, conditions: { apps: { include: [TEST.spa.clientId] } },
        rules: [{ name: 'Everyone', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA', constraints: [constraint] } } } }],
      },
      {
        type: 'MFA_ENROLL', name: 'No passwords', priority: 1, conditions: { people: { groups: { include: ['Passwordless'] } } },
        // A disabled authenticator cannot be used either (Okta's behaviour), so the password mode allows the password again.
        settings: {
          type: 'AUTHENTICATORS',
          authenticators: [{ key: 'okta_email', enroll: { self: 'REQUIRED' } }, { key: 'okta_password', enroll: { self: mode === 'passwordless' ? 'NOT_ALLOWED' : 'OPTIONAL' } }],
        },
      },
    ],
  };
}
