import type { User } from '../store/repositories/users.js';
import { stableId } from '../platform/ids.js';

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** The lifecycle operations a user in each status offers, as links named as Okta names them (Okta lists the ones that apply). */
const OPERATIONS: Partial<Record<User['status'], string[]>> = {
  STAGED: ['activate', 'deactivate'],
  PROVISIONED: ['reactivate', 'deactivate'],
  ACTIVE: ['suspend', 'expirePassword', 'deactivate'],
  PASSWORD_EXPIRED: ['deactivate'],
  LOCKED_OUT: ['unlock', 'deactivate'],
  SUSPENDED: ['unsuspend', 'deactivate'],
  DEPROVISIONED: ['activate'],
};

/** A link's path under the user's: Okta's link names are camelCase, its paths snake_case. */
const lifecyclePath = (operation: string) => `lifecycle/${operation.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

/**
 * The id of Okta's default user type (`oty…`), which every user of Latchkey has: Latchkey has no other
 * user types. Derived, so it is the same in every org and process. (Latchkey does not serve
 * `/api/v1/meta/types/user/{id}` that `_links.type` names.)
 */
export const DEFAULT_USER_TYPE_ID = stableId('oty', 'default user type');

/**
 * A user as Okta's Users API shows one: its dates, its type (the default one), and credentials that
 * say only that there is a password (never anything of it).
 */
export function userResource(user: User, baseUrl: string) {
  const self = `${baseUrl}/api/v1/users/${user.id}`;
  return {
    id: user.id,
    status: user.status,
    created: iso(user.createdAt),
    activated: iso(user.activatedAt),
    statusChanged: iso(user.statusChangedAt),
    lastLogin: iso(user.lastLoginAt),
    lastUpdated: iso(user.updatedAt),
    passwordChanged: iso(user.passwordChangedAt),
    type: { id: DEFAULT_USER_TYPE_ID },
    profile: { ...user.profile, login: user.login },
    credentials: { ...(user.passwordHash !== null && { password: {} }), provider: { type: 'OKTA', name: 'OKTA' } },
    _links: {
      self: { href: self },
      type: { href: `${baseUrl}/api/v1/meta/types/user/${DEFAULT_USER_TYPE_ID}` },
      ...Object.fromEntries((OPERATIONS[user.status] ?? []).map((op) => [op, { href: `${self}/${lifecyclePath(op)}`, method: 'POST' }])),
    },
  };
}
