import { ApiError } from '../http/apiError.js';

type Json = Record<string, unknown>;

/** Longest relayState kept (Okta's is an app's deep link or state: a URL fits). */
export const MAX_RELAY_STATE = 2048;
const CONTROL = /[\u0000-\u001f\u007f]/;

const invalidRelayState = () =>
  new ApiError(400, 'E0000001', 'Api validation failed: relayState', [{ errorSummary: `relayState: A string of at most ${MAX_RELAY_STATE} characters, without control characters` }]);

/**
 * The relayState of a request that begins a transaction (`/authn`, `/authn/recovery/password`,
 * `/recovery/unlock`), kept for the transaction's life; absent or empty: none. Anything else than a
 * bounded printable string is E0000001.
 */
export function relayStateOf(body: Json): string | undefined {
  const value = body.relayState;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_RELAY_STATE || CONTROL.test(value)) throw invalidRelayState();
  return value;
}

/** An answer of the transaction with its relayState where Okta puts it: top level, after the status. */
export function withRelayState(answer: Json, relayState: string | undefined): Json {
  if (relayState === undefined) return answer;
  const { _embedded, _links, ...head } = answer;
  return { ...head, relayState, ...(_embedded !== undefined && { _embedded }), ...(_links !== undefined && { _links }) };
}
