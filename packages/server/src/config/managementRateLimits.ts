/**
 * The management API's endpoint groups as Okta's management rate limits name them
 * (developer.okta.com/docs/reference/rl-global-mgmt), with the requests one API token may make in
 * each a minute by default: half (Okta's default share for an API token) of a One App org's limit,
 * 300 in each of these groups. Each group is counted apart, per token.
 */
export const MANAGEMENT_RATE_LIMITS = {
  /** Create or list users: GET or POST /api/v1/users. */
  users: 150,
  /** Get a user by id or login: GET /api/v1/users/{idOrLogin}. */
  user: 150,
  /** Update or delete a user: POST, PUT or DELETE /api/v1/users/{id}. */
  'user-updates': 150,
  /** Session information: /api/v1/sessions and below. */
  sessions: 150,
  /** Most other API actions: the rest of /api/v1. */
  other: 150,
} as const;

export type ManagementEndpointGroup = keyof typeof MANAGEMENT_RATE_LIMITS;

/** Okta's limits are per minute. */
export const MANAGEMENT_RATE_LIMIT_WINDOW_SECONDS = 60;

export const isManagementEndpointGroup = (name: string): name is ManagementEndpointGroup => Object.hasOwn(MANAGEMENT_RATE_LIMITS, name);
