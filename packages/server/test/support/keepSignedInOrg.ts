import { testOrg } from './testOrg.js';

export const IDLE_MINUTES = 10;
export const LIFETIME_MINUTES = 600;
export const FACTOR_LIFETIME_MINUTES = 60;

/**
 * The test org whose global session policy asks MFA (the email) once per device (factorPromptMode
 * DEVICE, factorLifetime 60), with sessions idle after 10 minutes and ending after 600; the org
 * shows "Keep me signed in" or not (`staySignedIn`).
 */
export function keepSignedInOrg(staySignedIn: 'BEFORE_SIGN_IN' | 'NOT_ENABLED') {
  const base = testOrg();
  return {
    ...base,
    org: { ...base.org, staySignedIn },
    // Both people may get tokens from the default server.
    users: base.users.map((u) => ({ ...u, groups: ['Engineering'] })),
    policies: [{
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
