import { DEFAULT_APP_SETTINGS, type App } from '../store/repositories/apps.js';

/** The client id of the org's own end-user dashboard (Okta's "Okta Dashboard"); an org file cannot take it over. */
export const DASHBOARD_CLIENT_ID = 'latchkey.dashboard';

/** Where the dashboard's sign-in comes back to, on the org URL. */
export const DASHBOARD_CALLBACK_PATH = '/login/callback';

/**
 * The dashboard as a built-in public client of the org server: it is not stored (so org files and
 * exports never carry it), and its sign-in comes back to the org URL itself.
 */
export function dashboardApp(baseUrl: string): App {
  return {
    clientId: DASHBOARD_CLIENT_ID, name: 'latchkey_dashboard', label: 'Latchkey Dashboard', type: 'browser', status: 'ACTIVE',
    clientSecretHash: null, tokenEndpointAuthMethod: 'none', redirectUris: [`${baseUrl}${DASHBOARD_CALLBACK_PATH}`], postLogoutRedirectUris: [baseUrl],
    grantTypes: ['authorization_code'], responseTypes: ['code'], pkceRequired: true, jwks: null, settings: DEFAULT_APP_SETTINGS, createdAt: 0, updatedAt: 0,
  };
}
