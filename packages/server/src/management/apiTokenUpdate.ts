import { invalidField } from '../http/apiError.js';
import type { NetworkZone } from '../policy/networkZones.js';
import type { ApiTokenSummary } from '../org/apiTokens.js';
import type { ApiTokenNetwork } from '../store/repositories/apiTokens.js';
import type { Body } from '../http/requestBody.js';

/** Zone ids: a list of the org's network zones (none given: an empty list). */
function zoneIds(value: unknown, field: string, zones: NetworkZone[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) throw invalidField(field, 'must be a list of network zone ids');
  const unknown = value.find((id) => !zones.some((z) => z.id === id));
  if (unknown !== undefined) throw invalidField(field, `no network zone has the id ${unknown}`);
  return value;
}

/**
 * Okta's `network` of a token: `{ connection: ANYWHERE }` (null here), or `{ connection: ZONE }`
 * with the zones requests must come from (`include`) and/or must not (`exclude`), as a policy rule's
 * network condition (one of them is needed, as there). Zones are named by id; Okta's own special
 * values (such as ALL_ZONES) are not known here.
 */
function networkOf(value: unknown, zones: NetworkZone[]): ApiTokenNetwork | null {
  if (value === undefined || value === null) throw invalidField('network', 'is required');
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidField('network', 'must be an object');
  const { connection, include, exclude } = value as Body;
  const included = zoneIds(include, 'network.include', zones);
  const excluded = zoneIds(exclude, 'network.exclude', zones);
  if (connection === 'ANYWHERE') {
    // Refused rather than dropped: an admin who lists zones means a restriction, which ANYWHERE is not.
    if (included.length || excluded.length) throw invalidField('network', 'include and exclude apply to connection ZONE only');
    return null;
  }
  if (connection !== 'ZONE') throw invalidField('network.connection', 'must be ANYWHERE or ZONE');
  if (!included.length && !excluded.length) throw invalidField('network', 'connection ZONE needs zones to include or exclude');
  return { connection: 'ZONE', ...(included.length && { include: included }), ...(excluded.length && { exclude: excluded }) };
}

/**
 * The changes a `PUT /api/v1/api-tokens/{id}` body (Okta's ApiTokenUpdate) asks of `token`: its
 * network condition (required) and its name (kept when not given). `clientName` and `created` are
 * read-only and ignored, as Okta's schema marks them. `userId` may only repeat the token's own user:
 * whether Okta moves a token to another user is not documented, and a token is not handed over here.
 */
export function apiTokenUpdateOf(body: Body, token: ApiTokenSummary, zones: NetworkZone[]): Pick<ApiTokenSummary, 'name' | 'network'> {
  const { name, userId } = body;
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw invalidField('name', 'must be a name');
  if (userId !== undefined && userId !== null && userId !== '' && userId !== token.userId) throw invalidField('userId', 'cannot be changed');
  return { name: name ?? token.name, network: networkOf(body.network, zones) };
}
