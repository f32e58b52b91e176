import { OktaAuth, type OktaAuthOptions } from '@okta/okta-auth-js';

/** Storage the SDK may use: its own map, so clients in one test process do not share transactions. */
function isolatedStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

/**
 * An OktaAuth client as an app would build it, pointed at a Latchkey issuer. In Node the SDK keeps
 * every client's transactions in one process-wide memory store; each client here gets its own, as
 * each browser would. `legacy` is v7's auto-remediating mode; v8's default is step mode.
 */
export function oktaAuth(options: { issuer: string; clientId: string; redirectUri: string; scopes: string[]; legacy?: boolean }): OktaAuth {
  const storage = () => ({ storageProvider: isolatedStorage() });
  return new OktaAuth({
    issuer: options.issuer, clientId: options.clientId, redirectUri: options.redirectUri, scopes: options.scopes,
    idx: { enableLegacyMode: options.legacy ?? true },
    storageManager: { token: storage(), cache: storage(), transaction: storage(), 'shared-transaction': storage(), 'original-uri': storage() },
    // Not in the SDK's option types, but read by it: lets the tests' http:// issuer through.
    ...({ testing: { disableHttpsCheck: true } } as object),
  } as OktaAuthOptions);
}
