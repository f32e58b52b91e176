import type { AuthServer, Scope } from '../store/repositories/authServers.js';
import { ORG_SERVER_ID } from '../org/orgAuthServer.js';

const OIDC_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'];

/** One authorization server as seen by a request: its configuration and its public URLs. */
export interface ServerContext {
  server: AuthServer;
  isOrg: boolean;
  issuer: string;
  /** Prefix of the endpoints: `{issuer}/v1` for custom servers, `{base}/oauth2/v1` for the org server. */
  endpointBase: string;
}

export function customServerContext(baseUrl: string, server: AuthServer): ServerContext {
  const issuer = `${baseUrl}/oauth2/${server.id}`;
  return { server, isOrg: false, issuer, endpointBase: `${issuer}/v1` };
}

/**
 * The org authorization server is built in, as in Okta: issuer = base URL, OIDC scopes only,
 * one implicit policy that lets every OIDC app sign users in, access tokens for the org itself.
 */
export function orgServerContext(baseUrl: string): ServerContext {
  const scopes: Scope[] = OIDC_SCOPES.map((name) => ({ id: name, name, description: null, consent: 'IMPLICIT', isDefault: false, system: true }));
  return {
    isOrg: true,
    issuer: baseUrl,
    endpointBase: `${baseUrl}/oauth2/v1`,
    server: {
      id: ORG_SERVER_ID,
      name: 'Org Authorization Server',
      description: null,
      audiences: [baseUrl],
      status: 'ACTIVE',
      createdAt: 0,
      scopes,
      claims: [],
      policies: [{
        id: 'org-policy', name: 'Org', description: null, priority: 1, status: 'ACTIVE', clients: ['ALL_CLIENTS'],
        rules: [{
          id: 'org-rule', name: 'Org', priority: 1, status: 'ACTIVE',
          grantTypes: ['authorization_code', 'interaction_code', 'implicit', 'password'],
          scopes: ['*'], people: { users: [], groups: ['Everyone'] },
          accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: null, refreshTokenWindowMinutes: 7 * 24 * 60,
        }],
      }],
    },
  };
}
