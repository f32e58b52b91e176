import assert from 'node:assert/strict';
import { emailedRecoveryToken } from './outbox.js';

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

/** How many wrong passwords lock an account in classicHostedPeopleOrg. */
export const CLASSIC_MAX_ATTEMPTS = 3;

/**
 * classicHostedOrg with the people of the hosted page's browser tests, all with CLASSIC_PASSWORD:
 * `plain` sign in with it alone (their email verified, for recovery links), `mfa` is in the MFA group
 * with Google Authenticator on `totpSecret`; the password policy locks after CLASSIC_MAX_ATTEMPTS and
 * lets people reset their password and unlock by email.
 */
export function classicHostedPeopleOrg(options: { redirectUri: string; plain: string[]; mfa: string; totpSecret: string; invited?: string[]; branding?: unknown }) {
  return classicHostedOrg({
    redirectUri: options.redirectUri,
    ...(options.branding !== undefined && { branding: options.branding }),
    groups: [],
    users: [
      ...options.plain.map((login) => ({ login, password: CLASSIC_PASSWORD, profile: { email: login }, emailVerified: true })),
      { login: options.mfa, password: CLASSIC_PASSWORD, groups: ['MFA'], authenticatorEnrollments: [{ key: 'google_otp', secret: options.totpSecret }] },
      // Created, not yet activated: no password until their activation link.
      ...(options.invited ?? []).map((login) => ({ login, status: 'PROVISIONED', profile: { email: login } })),
    ],
    policies: [{
      type: 'PASSWORD', name: 'Default Policy', priority: 1,
      settings: { password: { lockout: { maxAttempts: CLASSIC_MAX_ATTEMPTS, autoUnlockMinutes: 60 } }, recovery: { factors: { okta_email: { status: 'ACTIVE' } } } },
      rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW' }, selfServiceUnlock: { access: 'ALLOW' } } }],
    }],
  });
}

/** authn at `serverUrl`, as an app calls it (okta-auth-js posts the same). */
export const classicAuthn = (serverUrl: string) => (path: string, body: object) =>
  fetch(`${serverUrl}/api/v1/authn${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });

/** Locks `login` out with wrong passwords, asks the unlock email, and answers the emailed link's recoveryToken. */
export async function lockedOutUnlockToken(serverUrl: string, login: string): Promise<string> {
  const authn = classicAuthn(serverUrl);
  for (let i = 0; i < CLASSIC_MAX_ATTEMPTS; i++) await authn('', { username: login, password: 'Wrong-Horse-1' });
  assert.equal(((await (await authn('', { username: login, password: CLASSIC_PASSWORD })).json()) as { status: string }).status, 'LOCKED_OUT');
  assert.equal((await authn('/recovery/unlock', { username: login, factorType: 'EMAIL' })).status, 200);
  return emailedRecoveryToken(serverUrl, login, 'account-unlock-link');
}
