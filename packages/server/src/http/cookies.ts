/** Okta Identity Engine's session cookie name. */
export const SESSION_COOKIE = 'idx';

/** The device token (Okta calls its device cookie DT): long-lived and random, it names the browser, so a device can be known for a user. */
export const DEVICE_COOKIE = 'DT';

/** Ties an email magic link to the browser that is signing in; sent only to the link's path. */
export const LINK_BINDING_COOKIE = 'lk_link';
export const LINK_BINDING_PATH = '/email/verify';

/** The value of one cookie in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The Set-Cookie value of a browser's new device token (DT). */
export const deviceCookie = (token: { value: string; expiresAt: number }, options: { secure: boolean }): string =>
  sessionCookie(DEVICE_COOKIE, token.value, { secure: options.secure, expiresAt: token.expiresAt });

/** A Set-Cookie value that removes the cookie from the browser. */
export function removedCookie(name: string, options: { secure: boolean }): string {
  return `${sessionCookie(name, '', options)}; Max-Age=0`;
}

/**
 * A Set-Cookie value for a session cookie: HttpOnly always; under https Secure and SameSite=None so
 * embedded sign-in from another site can send it (with credentials), else SameSite=Lax.
 */
export function sessionCookie(name: string, value: string, options: { secure: boolean; expiresAt?: number; path?: string }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`, 'HttpOnly', options.secure ? 'Secure; SameSite=None' : 'SameSite=Lax'];
  if (options.expiresAt !== undefined) parts.push(`Expires=${new Date(options.expiresAt).toUTCString()}`);
  return parts.join('; ');
}
