import type { User } from '../store/repositories/users.js';
import { DEFAULT_USER_TYPE_ID, userSchemaHref, userTypeHref } from './userTypeResource.js';

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
 * A user as Okta's Users API shows one: its dates, its type (the default one, linked with its schema),
 * and credentials that say only that there is a password (never anything of it).
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
      schema: { href: userSchemaHref(baseUrl) },
      type: { href: userTypeHref(baseUrl) },
      ...Object.fromEntries((OPERATIONS[user.status] ?? []).map((op) => [op, { href: `${self}/${lifecyclePath(op)}`, method: 'POST' }])),
    },
  };
}
