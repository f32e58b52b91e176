import type { Store } from '../store/store.js';

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/**
 * The app a session cookie redirect goes back to (`/login/sessionCookieRedirect?redirectUrl=…`
 * names no app): the one app with a redirect URI on the redirect URL's origin; none when no app or
 * several share it.
 */
export async function appRedirectedTo(store: Pick<Store, 'apps'>, redirectUrl: string): Promise<string | undefined> {
  const origin = originOf(redirectUrl);
  const apps = (await store.apps.list()).filter((a) => a.redirectUris.some((uri) => originOf(uri) === origin));
  return apps.length === 1 ? apps[0].clientId : undefined;
}
