import type { Session } from '../store/repositories/sessions.js';
import type { User } from '../store/repositories/users.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import { amrOf } from './factorRefs.js';
import { sessionIdOf } from './sessionIds.js';

const iso = (at: number | undefined) => (at === undefined ? null : new Date(at).toISOString());

/**
 * A session as Okta's Sessions API shows it, named by its public id (see sessionIds.ts); its `amr` as
 * the tokens' (`mfa` with factors of two classes), the user's `enrollments` telling a passkey's class.
 */
export function sessionResource(session: Session, user: User, enrollments: readonly AuthenticatorEnrollment[], baseUrl: string) {
  const password = session.verified.find((v) => v.authenticatorKey === 'okta_password');
  const factors = session.verified.filter((v) => v.authenticatorKey !== 'okta_password');
  const me = `${baseUrl}/api/v1/sessions/me`;
  return {
    id: sessionIdOf(session.idHash),
    login: user.login,
    userId: user.id,
    createdAt: iso(session.createdAt),
    expiresAt: iso(Math.min(session.expiresAt, session.idleExpiresAt)),
    status: 'ACTIVE',
    lastPasswordVerification: iso(password?.at),
    lastFactorVerification: iso(factors.length > 0 ? Math.max(...factors.map((v) => v.at)) : undefined),
    amr: amrOf(session.verified, enrollments),
    idp: { id: 'LATCHKEY', type: 'OKTA' },
    mfaActive: factors.length > 0,
    _links: {
      self: { href: me, hints: { allow: ['GET', 'DELETE'] } },
      refresh: { href: `${me}/lifecycle/refresh`, hints: { allow: ['POST'] } },
      user: { name: [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ') || user.login, href: `${baseUrl}/api/v1/users/me`, hints: { allow: ['GET'] } },
    },
  };
}
