import type { Session } from '../store/repositories/sessions.js';
import type { User } from '../store/repositories/users.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import { sessionResource } from '../engine/sessionResource.js';

/**
 * A session as the management Sessions API shows it: as /api/v1/sessions/me does, its links naming
 * it by id (okta-sdk-nodejs caches a GET under its self link) and its user by id.
 */
export function managedSessionResource(session: Session, user: User, enrollments: readonly AuthenticatorEnrollment[], baseUrl: string) {
  const shown = sessionResource(session, user, enrollments, baseUrl);
  const self = `${baseUrl}/api/v1/sessions/${shown.id}`;
  return {
    ...shown,
    _links: {
      self: { href: self, hints: { allow: ['GET', 'DELETE'] } },
      refresh: { href: `${self}/lifecycle/refresh`, hints: { allow: ['POST'] } },
      user: { ...shown._links.user, href: `${baseUrl}/api/v1/users/${user.id}` },
    },
  };
}
