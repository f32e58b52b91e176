import type { Session } from '../store/repositories/sessions.js';
import type { User } from '../store/repositories/users.js';
import { authenticatorByKey } from '../authenticators/registry.js';

const iso = (at: number | undefined) => (at === undefined ? null : new Date(at).toISOString());

/**
 * A session as Okta's Sessions API shows it. Its id is derived from the stored hash of the cookie
 * (the cookie itself never appears): stable for the session, useless to take it over.
 */
export function sessionResource(session: Session, user: User, baseUrl: string) {
  const password = session.verified.find((v) => v.authenticatorKey === 'okta_password');
  const factors = session.verified.filter((v) => v.authenticatorKey !== 'okta_password');
  const me = `${baseUrl}/api/v1/sessions/me`;
  return {
    id: `102${session.idHash.slice(0, 22)}`,
    login: user.login,
    userId: user.id,
    createdAt: iso(session.createdAt),
    expiresAt: iso(Math.min(session.expiresAt, session.idleExpiresAt)),
    status: 'ACTIVE',
    lastPasswordVerification: iso(password?.at),
    lastFactorVerification: iso(factors.length > 0 ? Math.max(...factors.map((v) => v.at)) : undefined),
    amr: [...new Set(session.verified.map((v) => authenticatorByKey(v.authenticatorKey)?.amr).filter((a): a is string => a !== undefined))],
    idp: { id: 'LATCHKEY', type: 'OKTA' },
    mfaActive: factors.length > 0,
    _links: {
      self: { href: me, hints: { allow: ['GET', 'DELETE'] } },
      refresh: { href: `${me}/lifecycle/refresh`, hints: { allow: ['POST'] } },
      user: { name: [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ') || user.login, href: `${baseUrl}/api/v1/users/me`, hints: { allow: ['GET'] } },
    },
  };
}
