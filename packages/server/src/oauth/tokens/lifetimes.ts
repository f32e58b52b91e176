import type { AuthServer } from '../../store/repositories/authServers.js';

/** An ID token is good for an hour, as Okta's. */
export const ID_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * The longest a JWT this server signs can stay valid: the ID token's hour, or the longest access
 * token lifetime any of its rules grants (inactive rules too: they may have issued tokens before).
 */
export function longestTokenLifetimeMs(server: AuthServer): number {
  const accessMinutes = server.policies.flatMap((p) => p.rules.map((r) => r.accessTokenLifetimeMinutes));
  return Math.max(ID_TOKEN_LIFETIME_SECONDS, ...accessMinutes.map((m) => m * 60)) * 1000;
}
