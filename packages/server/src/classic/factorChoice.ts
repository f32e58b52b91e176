import type { Authenticator } from '../authenticators/authenticator.js';

/**
 * What a Classic factor call chooses along with the authenticator (see Authenticator.choiceFields):
 * the method its factorType names and what its profile gives (the phone's number), nothing else.
 */
export function choiceOf(authenticator: Authenticator, enrolling: boolean, given: Record<string, unknown>): Record<string, unknown> {
  const fields = authenticator.choiceFields?.(enrolling) ?? [];
  return Object.fromEntries(fields.filter((f) => given[f.name] !== undefined).map((f) => [f.name, given[f.name]]));
}
