/**
 * The public id of a session, as Okta's Sessions API names it: `102` and the first 22 characters of
 * the stored hash of its cookie (the cookie itself never appears): stable for the session, useless to
 * take it over. The one place that builds the id and reads it back.
 */
const PREFIX = '102';
const HASH_CHARS = 22;
const SESSION_ID = new RegExp(`^${PREFIX}[A-Za-z0-9_-]{${HASH_CHARS}}$`);

export const sessionIdOf = (idHash: string): string => `${PREFIX}${idHash.slice(0, HASH_CHARS)}`;

/** The start of the cookie hash a public id names; undefined for what is not such an id. */
export const hashPrefixOf = (id: string): string | undefined => (SESSION_ID.test(id) ? id.slice(PREFIX.length) : undefined);
