import { TEST, testOrg } from './testOrg.js';

export const IDLE_MINUTES = 10;
export const LIFETIME_MINUTES = 600;
export const FACTOR_LIFETIME_MINUTES = 60;

/**
 * The test org whose global session policy asks MFA (the email) once per device (factorPromptMode
 * DEVICE, factorLifetime 60), with sessions idle after 10 minutes and ending after 600; the org
 * shows "Keep me signed in" before sign-in, before and after, or not (`staySignedIn`). With
 * `keepMeSignedIn`, the SPA's authentication policy (the password) has these post-auth prompt settings.
 */
export function keepSignedInOrg(staySignedIn: 'BEFORE_SIGN_IN' | 'BEFORE_AND_AFTER_SIGN_IN' | 'NOT_ENABLED', keepMeSignedIn?: Record<string, unknown>) {
  const base = testOrg();
  return {
    ...base,
    org: { ...base.org, staySignedIn },
    // Both people may get tokens from the default server.
    users: base.users.map((u) => ({ ...u, groups: ['Engineering'] })),
    policies: [...(keepMeSignedIn ? [{
      type: 'ACCESS_POLICY', name: 'SPA', priority: 1, conditions: { apps: { include: [TEST.spa.clientId] } },
      rules: [{ name: 'Password', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', keepMeSignedIn, verificationMethod: { factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] } }] } } } }],
    }] : []), {
      type: 'OKTA_SIGN_ON', name: 'Global', priority: 1, conditions: {},
      rules: [{
        name: 'MFA once per device', priority: 1, conditions: {},
        actions: {
          signon: {
            access: 'ALLOW', requireFactor: true, factorPromptMode: 'DEVICE', factorLifetime: FACTOR_LIFETIME_MINUTES,
            session: { maxSessionIdleMinutes: IDLE_MINUTES, maxSessionLifetimeMinutes: LIFETIME_MINUTES },
          },
        },
      }],
    }],
  };
}
