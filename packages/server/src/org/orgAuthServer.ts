/** The id under which the org authorization server's keys and tokens are stored. Not a valid custom server id. */
export const ORG_SERVER_ID = 'org';
