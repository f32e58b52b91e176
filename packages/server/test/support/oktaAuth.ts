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

/** Cookies of one simulated browser: what Set-Cookie gave, sent back on later requests. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  private readonly lines = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  remember(setCookie: string[]): void {
    for (const line of setCookie) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      this.cookies.set(name, pair.slice(eq + 1).trim());
      this.lines.set(name, line);
    }
  }

  /** The Set-Cookie line that last set the cookie (its attributes: Expires, …). */
  lastSet(name: string): string | undefined {
    return this.lines.get(name);
  }

  /** What a browser keeps when it is closed and opened again: the cookies with an expiry. */
  restart(): void {
    for (const [name, line] of this.lines) if (!/; Expires=/.test(line)) this.cookies.delete(name);
  }
}

/**
 * The SDK's HTTP client contract (what its built-in fetch client does), plus a cookie jar: in a
 * browser the session cookie travels with `withCredentials`; Node's fetch keeps no cookies.
 */
function browserLikeClient(jar: CookieJar) {
  return async (method: string, url: string, args: { headers?: Record<string, string>; data?: unknown }) => {
    const headers: Record<string, string> = { ...args.headers, ...(jar.header() && { cookie: jar.header() }) };
    const contentType = headers['Content-Type'] ?? headers['content-type'] ?? '';
    let body = args.data;
    if (body && typeof body !== 'string') {
      body = /application\/\w*\+?json/.test(contentType) ? JSON.stringify(body)
        : new URLSearchParams(body as Record<string, string>).toString();
    }
    const response = await fetch(url, { method, headers, body: body as string | undefined });
    jar.remember(response.headers.getSetCookie());
    const isJson = (response.headers.get('content-type') ?? '').toLowerCase().includes('application/json');
    const text = await response.text();
    const result: Record<string, unknown> = { responseText: text, status: response.status, headers: Object.fromEntries(response.headers) };
    if (isJson && text) {
      result.responseType = 'json';
      result.responseJSON = JSON.parse(text);
    }
    if (!response.ok || (result.responseJSON as { error?: unknown } | undefined)?.error) throw result;
    return result;
  };
}

/**
 * An OktaAuth client as an app would build it, pointed at a Latchkey issuer. In Node the SDK keeps
 * every client's transactions in one process-wide memory store; each client here gets its own, as
 * each browser would. `legacy` is v7's auto-remediating mode; v8's default is step mode.
 */
export function oktaAuth(options: { issuer: string; clientId: string; redirectUri: string; scopes: string[]; legacy?: boolean; cookies?: CookieJar; setLocation?: (url: string) => void; maxClockSkew?: number }): OktaAuth {
  const storage = () => ({ storageProvider: isolatedStorage() });
  return new OktaAuth({
    issuer: options.issuer, clientId: options.clientId, redirectUri: options.redirectUri, scopes: options.scopes,
    idx: { enableLegacyMode: options.legacy ?? true },
    ...(options.maxClockSkew !== undefined && { maxClockSkew: options.maxClockSkew }),
    storageManager: { token: storage(), cache: storage(), transaction: storage(), 'shared-transaction': storage(), 'original-uri': storage() },
    ...(options.cookies && { httpRequestClient: browserLikeClient(options.cookies) }),
    // Where the SDK sends the browser (redirect flows); a test follows it itself.
    ...(options.setLocation && { setLocation: options.setLocation }),
    // Not in the SDK's option types, but read by it: lets the tests' http:// issuer through.
    ...({ testing: { disableHttpsCheck: true } } as object),
  } as OktaAuthOptions);
}
