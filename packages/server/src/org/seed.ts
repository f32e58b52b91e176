import type { Store } from '../store/store.js';
import { newId, newSecret } from '../platform/ids.js';
import { parseOrgFile } from './orgFile/parse.js';
import { importOrg } from './orgFile/import.js';

export interface SeededOrg {
  adminLogin: string;
  /** Shown once at first start; only its hash is stored. */
  adminPassword: string;
  spaClientId: string;
  serviceClientId: string;
  /** Shown once at first start; only its hash is stored. */
  serviceClientSecret: string;
}

export const SAMPLE_APP_ORIGIN = 'http://localhost:3000';

/** The seeded administrator's login. */
export const SEEDED_ADMIN_LOGIN = 'admin@latchkey.local';

/** A random password shown once; the suffix satisfies the default password policy's character classes. */
export const oneTimePassword = (): string => `${newSecret(12)}Aa1!`;

/**
 * The development org of a first start: an admin, a sample SPA, a sample service app and the
 * `default` authorization server. It goes through the org-file importer, so it is exactly what a
 * user could have written in an org file.
 */
export async function seedDevOrg(store: Store, now: number): Promise<SeededOrg> {
  const seeded: SeededOrg = {
    adminLogin: SEEDED_ADMIN_LOGIN,
    adminPassword: oneTimePassword(),
    spaClientId: newId('app'),
    serviceClientId: newId('app'),
    serviceClientSecret: newSecret(30),
  };
  const document = {
    version: 1,
    org: { name: 'Latchkey Dev' },
    groups: [{ name: 'Admins', description: 'Org administrators' }],
    users: [{
      login: seeded.adminLogin, profile: { firstName: 'Ada', lastName: 'Admin', email: seeded.adminLogin },
      password: seeded.adminPassword, groups: ['Admins'],
    }],
    apps: [
      {
        clientId: seeded.spaClientId, label: 'Sample SPA', type: 'browser',
        redirectUris: [`${SAMPLE_APP_ORIGIN}/login/callback`], postLogoutRedirectUris: [SAMPLE_APP_ORIGIN],
        grantTypes: ['authorization_code', 'refresh_token', 'interaction_code'],
      },
      {
        clientId: seeded.serviceClientId, label: 'Sample Service', type: 'service',
        clientSecret: seeded.serviceClientSecret, grantTypes: ['client_credentials'],
      },
    ],
    authorizationServers: [{
      id: 'default', name: 'default', description: 'Default Authorization Server', audiences: ['api://default'],
      scopes: [{ name: 'api:access', description: 'Calls the sample API', default: true }],
      policies: [{
        name: 'Default Policy', description: 'The default policy applies to all clients', priority: 1, clients: ['ALL_CLIENTS'],
        rules: [{
          name: 'Default Policy Rule', priority: 1,
          grantTypes: ['authorization_code', 'interaction_code', 'client_credentials', 'refresh_token'],
          scopes: ['*'], people: { groups: ['Everyone'], users: [] },
          accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: null, refreshTokenWindowMinutes: 7 * 24 * 60,
        }],
      }],
    }],
    trustedOrigins: [{ name: 'Sample apps', origin: SAMPLE_APP_ORIGIN, scopes: ['CORS', 'REDIRECT'] }],
  };
  await importOrg(store, parseOrgFile(JSON.stringify(document), 'seed'), now);
  return seeded;
}
