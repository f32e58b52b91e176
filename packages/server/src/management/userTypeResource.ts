import { stableId } from '../platform/ids.js';

/**
 * The id of Okta's default user type (`oty…`), which every user of Latchkey has: Latchkey has no other
 * user types. Derived, so it is the same in every org and process.
 */
export const DEFAULT_USER_TYPE_ID = stableId('oty', 'default user type');

/** The id of the default type's schema: Okta's shares the type id's suffix (`oty…`, `osc…`). */
export const DEFAULT_USER_SCHEMA_ID = `osc${DEFAULT_USER_TYPE_ID.slice(3)}`;

/**
 * When the default type and its schema were made and last changed. Latchkey keeps no such dates (the
 * type is built in; the schema is the org file's, imported with the rest of it), so both are this
 * fixed instant, the same in every process.
 */
export const DEFAULT_USER_TYPE_DATE = '2026-01-01T00:00:00.000Z';

export const userTypeHref = (baseUrl: string) => `${baseUrl}/api/v1/meta/types/user/${DEFAULT_USER_TYPE_ID}`;
export const userSchemaHref = (baseUrl: string) => `${baseUrl}/api/v1/meta/schemas/user/${DEFAULT_USER_SCHEMA_ID}`;

/**
 * The default user type as Okta's User Types API shows it (its name, display name and description are
 * Okta's). Okta also answers `createdBy` and `lastUpdatedBy` (an admin's or Okta's own id): Latchkey has
 * no one to name, so they are left out.
 */
export function defaultUserTypeResource(baseUrl: string) {
  return {
    id: DEFAULT_USER_TYPE_ID,
    displayName: 'User',
    name: 'user',
    description: 'Okta user profile template with default permission settings',
    created: DEFAULT_USER_TYPE_DATE,
    lastUpdated: DEFAULT_USER_TYPE_DATE,
    default: true,
    _links: {
      schema: { rel: 'schema', href: userSchemaHref(baseUrl), method: 'GET' },
      self: { rel: 'self', href: userTypeHref(baseUrl), method: 'GET' },
    },
  };
}
