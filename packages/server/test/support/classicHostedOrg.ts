/** The redirect app of the Classic hosted sign-in tests, and the password of their people. */
export const CLASSIC_APP = 'classic-web';
export const CLASSIC_PASSWORD = 'Correct-Horse-9';

/** The `default` authorization server, letting everyone use the authorization code grant with any scope. */
export const CODE_FLOW_SERVER = {
  id: 'default', name: 'default', audiences: ['api://default'],
  policies: [{ name: 'Default Policy', priority: 1, rules: [{ name: 'Everyone', priority: 1, grantTypes: ['authorization_code'], scopes: ['*'] }] }],
};

/**
 * A Classic org (org.engine: classic) with one browser app signing in by the authorization code flow
 * with PKCE at `redirectUri`, the `default` authorization server, and an Okta sign-on policy that
 * asks the `MFA` group for a factor every time; `policies` come after it.
 */
export function classicHostedOrg(options: { redirectUri: string; groups: Array<{ name: string }>; users: unknown[]; policies: unknown[]; branding?: unknown }) {
  return {
    version: 1,
    org: { name: 'Classic Co', engine: 'classic' },
    ...(options.branding !== undefined && { branding: options.branding }),
    groups: [{ name: 'MFA' }, ...options.groups],
    users: options.users,
    apps: [{ clientId: CLASSIC_APP, label: 'Classic Web', type: 'browser', redirectUris: [options.redirectUri], grantTypes: ['authorization_code'] }],
    authorizationServers: [CODE_FLOW_SERVER],
    policies: [
      {
        type: 'OKTA_SIGN_ON', name: 'Default Policy', priority: 1,
        rules: [
          { name: 'MFA group', priority: 1, conditions: { people: { groups: { include: ['MFA'] } } }, actions: { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'ALWAYS' } } },
          { name: 'Everyone', priority: 2, conditions: {}, actions: { signon: { access: 'ALLOW', requireFactor: false } } },
        ],
      },
      ...options.policies,
    ],
  };
}
