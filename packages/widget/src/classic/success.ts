import { ConfigError } from '../options.js';
import type { AuthnTransaction } from './types.js';

/**
 * What `renderEl`/`showSignIn` settle with in Classic mode, as Okta's Classic widget gives it: the
 * user, the session's one-time token and a way to trade it for the session cookie, and `next()` when
 * the transaction says where the sign-in goes on (a hosted page finishing an /authorize).
 */
export interface ClassicSuccess {
  status: 'SUCCESS';
  user?: NonNullable<AuthnTransaction['_embedded']>['user'];
  type: string;
  relayState?: string;
  session?: { token: string; setCookieAndRedirect(redirectUrl?: string): void };
  next?: () => void;
}

/** A SUCCESS transaction as the app receives it; `redirectUri`: the widget's option, the default of setCookieAndRedirect. */
export function classicSuccess(tx: AuthnTransaction, baseUrl: string, redirectUri: string | undefined): ClassicSuccess {
  const nextUrl = tx._links?.original?.href ?? tx._links?.next?.href;
  const token = tx.sessionToken;
  return {
    status: 'SUCCESS',
    user: tx._embedded?.user,
    // Okta's widget says SESSION_SSO when the server names no type.
    type: tx.type ?? 'SESSION_SSO',
    ...(tx.relayState && { relayState: tx.relayState }),
    ...(nextUrl && { next: () => window.location.assign(nextUrl) }),
    ...(token && {
      session: {
        token,
        setCookieAndRedirect: (redirectUrl = redirectUri) => {
          if (!redirectUrl) throw new ConfigError('"redirectUri" is required');
          const query = new URLSearchParams({ token, redirectUrl });
          window.location.assign(`${baseUrl}/login/sessionCookieRedirect?${query}`);
        },
      },
    }),
  };
}
