import { TEST, testOrg } from './testOrg.js';

/**
 * The test org where the SPA (TEST.spa) asks two factor types, and the Questions group has no
 * password: they sign in with the email (possession), then the security question (knowledge), which
 * their enrollment policy requires, so it is enrolled at their first sign-in.
 */
export function securityQuestionOrg(people: string[]) {
  const base = testOrg();
  return {
    ...base,
    groups: [...base.groups, { name: 'Questions' }],
    users: [...base.users, ...people.map((login) => ({ login, groups: ['Engineering', 'Questions'] }))],
    policies: [
      {
        type: 'ACCESS_POLICY', name: 'Two factor types', priority: 1, conditions: { apps: { include: [TEST.spa.clientId] } },
        rules: [{ name: 'Any two', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA' } } } }],
      },
      {
        type: 'MFA_ENROLL', name: 'Questions', priority: 1, conditions: { people: { groups: { include: ['Questions'] } } },
        settings: {
          type: 'AUTHENTICATORS',
          authenticators: [
            { key: 'okta_email', enroll: { self: 'REQUIRED' } }, { key: 'security_question', enroll: { self: 'REQUIRED' } }, { key: 'okta_password', enroll: { self: 'NOT_ALLOWED' } },
          ],
        },
      },
    ],
  };
}
