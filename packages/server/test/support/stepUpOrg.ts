import { TEST, testOrg } from './testOrg.js';

/**
 * Apps of the step-up org: A asks a password; B a password and a phishing-resistant factor; C a password verified within the hour;
 * D a password at every sign-in (PT0S, Classic's "prompt every time").
 */
export const STEP_UP = { appA: 'spa-a', appB: 'spa-keys', appC: 'spa-fresh', appD: 'spa-always' };

const browserApp = (clientId: string) => ({ clientId, label: clientId, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] });
const signOn = (verificationMethod: Record<string, unknown>) => ({ appSignOn: { access: 'ALLOW', verificationMethod } });

/**
 * The test org with the step-up apps and `people` (Engineering, no verified email) who may enroll a
 * security key; every other app asks a password (no catch-all policy: Latchkey's default).
 */
export function stepUpOrg(people: string[]) {
  const base = testOrg();
  const person = (login: string) => ({ login, profile: { firstName: 'Step', lastName: 'Up' }, password: TEST.password, groups: ['Engineering'], emailVerified: false });
  return {
    ...base,
    users: [...base.users, ...people.map(person)],
    apps: [...base.apps, ...Object.values(STEP_UP).map(browserApp)],
    authenticators: [{ key: 'webauthn', settings: { userVerification: 'PREFERRED' } }],
    policies: [
      {
        type: 'ACCESS_POLICY', name: 'Keys for B', priority: 1, conditions: { apps: { include: [STEP_UP.appB] } },
        rules: [{
          name: 'Password and a phishing-resistant factor', priority: 1, conditions: {},
          actions: signOn({ factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] }, possession: { phishingResistant: 'REQUIRED' } }] }),
        }],
      },
      {
        type: 'ACCESS_POLICY', name: 'Fresh for C', priority: 2, conditions: { apps: { include: [STEP_UP.appC] } },
        rules: [{ name: 'Password within the hour', priority: 1, conditions: {}, actions: signOn({ factorMode: '1FA', reauthenticateIn: 'PT1H', constraints: [{ knowledge: { types: ['password'] } }] }) }],
      },
      {
        type: 'ACCESS_POLICY', name: 'Every time for D', priority: 3, conditions: { apps: { include: [STEP_UP.appD] } },
        rules: [{ name: 'Password every sign-in', priority: 1, conditions: {}, actions: signOn({ factorMode: '1FA', reauthenticateIn: 'PT0S', constraints: [{ knowledge: { types: ['password'] } }] }) }],
      },
      {
        type: 'ACCESS_POLICY', name: 'Password for A', priority: 4, conditions: { apps: { include: [STEP_UP.appA] } },
        rules: [{ name: 'Password', priority: 1, conditions: {}, actions: signOn({ factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] } }] }) }],
      },
      {
        type: 'MFA_ENROLL', name: 'Keys allowed', priority: 1, conditions: {},
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'webauthn', enroll: { self: 'OPTIONAL' } }] },
      },
    ],
  };
}
