import { generateKeyPairSync } from 'node:crypto';

/** Known credentials of the test org: the tests sign in and authenticate with these. */
export const TEST = {
  password: 'Correct-Horse-9',
  user: 'ada@example.com',
  otherUser: 'bob@example.com',
  web: { clientId: 'web-app', secret: 'web-app-secret-0123456789' },
  spa: { clientId: 'spa-app' },
  service: { clientId: 'svc-app', secret: 'svc-app-secret-0123456789' },
  servicePost: { clientId: 'svc-post', secret: 'svc-post-secret-0123456789' },
  serviceJwt: { clientId: 'svc-jwt' },
  denied: { clientId: 'svc-denied', secret: 'svc-denied-secret-0123456789' },
  static: { clientId: 'web-static', secret: 'web-static-secret-0123456789' },
  strict: { clientId: 'web-strict', secret: 'web-strict-secret-0123456789' },
  redirectUri: 'http://localhost:3000/callback',
  postLogoutRedirectUri: 'http://localhost:3000/signed-out',
};

/** The private key of the private_key_jwt service app; its public half is in the org. */
export const serviceJwtKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

/**
 * An org with every kind of client: a web app (secret, code + refresh), a SPA (PKCE), service apps
 * authenticating by basic, post and private_key_jwt, and one that the `default` server's policy denies.
 */
export function testOrg() {
  const publicJwk = { ...serviceJwtKey.publicKey.export({ format: 'jwk' }), kid: 'svc-jwt-key', alg: 'RS256', use: 'sig' };
  return {
    version: 1,
    // The tests open magic links with plain HTTP clients (another browser): the org lets those complete the sign-in.
    org: { name: 'Test Org', emailLinkCompletesAnywhere: true },
    groups: [{ name: 'Engineering' }],
    users: [
      { login: TEST.user, profile: { firstName: 'Ada', lastName: 'Lovelace' }, password: TEST.password, groups: ['Engineering'] },
      { login: TEST.otherUser, profile: { firstName: 'Bob', lastName: 'Builder' }, password: TEST.password },
    ],
    apps: [
      { clientId: TEST.web.clientId, label: 'Web', type: 'web', clientSecret: TEST.web.secret, redirectUris: [TEST.redirectUri], postLogoutRedirectUris: [TEST.postLogoutRedirectUri], grantTypes: ['authorization_code', 'refresh_token'] },
      { clientId: TEST.static.clientId, label: 'Web static', type: 'web', clientSecret: TEST.static.secret, redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'refresh_token'], refreshToken: { rotation: 'STATIC' } },
      { clientId: TEST.strict.clientId, label: 'Web strict', type: 'web', clientSecret: TEST.strict.secret, redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'refresh_token'], refreshToken: { rotation: 'ROTATE', leewaySeconds: 0 } },
      { clientId: TEST.spa.clientId, label: 'SPA', type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'refresh_token', 'interaction_code'] },
      { clientId: TEST.service.clientId, label: 'Service', type: 'service', clientSecret: TEST.service.secret },
      { clientId: TEST.servicePost.clientId, label: 'Service post', type: 'service', clientSecret: TEST.servicePost.secret, tokenEndpointAuthMethod: 'client_secret_post' },
      { clientId: TEST.serviceJwt.clientId, label: 'Service JWT', type: 'service', tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [publicJwk] } },
      { clientId: TEST.denied.clientId, label: 'Denied', type: 'service', clientSecret: TEST.denied.secret },
    ],
    authorizationServers: [{
      id: 'default', name: 'default', audiences: ['api://default'],
      scopes: [{ name: 'read:messages', default: true }, { name: 'write:messages' }, { name: 'admin' }],
      claims: [
        { name: 'groups', claimType: 'RESOURCE', valueType: 'GROUPS', value: '.*', groupFilterType: 'REGEX', alwaysIncludeInToken: true },
        { name: 'given', claimType: 'IDENTITY', valueType: 'EXPRESSION', value: 'user.firstName', scopes: ['profile'] },
      ],
      policies: [
        {
          name: 'Deny one client', priority: 1, clients: [TEST.denied.clientId],
          rules: [{ name: 'Only admin scope', priority: 1, grantTypes: ['client_credentials'], scopes: ['admin'] }],
        },
        {
          name: 'Default Policy', priority: 2, clients: ['ALL_CLIENTS'],
          rules: [
            { name: 'Machines', priority: 1, grantTypes: ['client_credentials'], scopes: ['read:messages', 'write:messages'], accessTokenLifetimeMinutes: 30 },
            { name: 'People', priority: 2, grantTypes: ['authorization_code', 'interaction_code'], scopes: ['*'], people: { groups: ['Engineering'], users: [] }, refreshTokenWindowMinutes: 60 },
          ],
        },
      ],
    }],
    trustedOrigins: [{ name: 'Local', origin: 'http://localhost:3000', scopes: ['CORS', 'REDIRECT'] }],
  };
}

/** An app authentication policy for these client ids: the password and a second factor of another kind. */
export const passwordAndAnotherPolicy = (clientIds: string[]) => ({
  type: 'ACCESS_POLICY', name: 'Two factors', priority: 1, conditions: { apps: { include: clientIds } },
  rules: [{ name: 'Password and another', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] } }] } } } }],
});

/** The test org, with an authentication policy for the SPA: the password and another factor (the email). */
export function twoFactorOrg() {
  return {
    ...testOrg(),
    policies: [{
      type: 'ACCESS_POLICY', name: 'SPA needs two factors', priority: 1, conditions: { apps: { include: [TEST.spa.clientId] } },
      rules: [{
        name: 'Password and another', priority: 1, conditions: {},
        actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] } }] } } },
      }],
    }],
  };
}
