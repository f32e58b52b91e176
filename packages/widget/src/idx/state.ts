import type { IdxAuthenticator, IdxField, IdxForm, IdxMessage, IdxResponse } from './types.js';

/** Questions the widget asks of one IDX response. */

export const remediations = (response: IdxResponse): IdxForm[] => response.remediation?.value ?? [];

/** The authenticator being verified or enrolled now, with its actions (resend, poll, recover). */
export const currentAuthenticator = (response: IdxResponse): IdxAuthenticator | undefined =>
  response.currentAuthenticatorEnrollment?.value ?? response.currentAuthenticator?.value;

export const topMessages = (response: IdxResponse): IdxMessage[] => response.messages?.value ?? [];

export const isError = (m: IdxMessage) => m.class === 'ERROR';

/** No form to fill and no success: the transaction cannot go on (or finished elsewhere). */
export const isTerminal = (response: IdxResponse): boolean =>
  remediations(response).length === 0 && !response.successWithInteractionCode && !response.success;

/** The value of a named field of a form (the interaction code of `successWithInteractionCode`). */
export const fieldValue = (form: IdxForm | undefined, name: string): unknown => form?.value?.find((f: IdxField) => f.name === name)?.value;

/**
 * Resolves the JSONPath subset IDX uses in `relatesTo` (`$.authenticatorEnrollments.value[0]`,
 * `$.currentAuthenticator`). An `{ type: 'object', value }` wrapper resolves to its value.
 */
export function resolveRelatesTo(response: IdxResponse, path: string | string[] | undefined): IdxAuthenticator | undefined {
  const text = Array.isArray(path) ? path[0] : path;
  if (!text?.startsWith('$')) return undefined;
  let at: unknown = response;
  for (const [, key, index] of text.slice(1).matchAll(/\.([\w$-]+)|\[(\d+)\]/g)) {
    if (!at || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key ?? Number(index)];
  }
  const wrapped = at as { type?: string; value?: unknown } | undefined;
  return (wrapped?.type === 'object' && wrapped.value ? wrapped.value : wrapped) as IdxAuthenticator | undefined;
}

/** What identifies a state for polling: the same forms for the same authenticator means nothing moved. */
export const stateSignature = (response: IdxResponse): string =>
  [...remediations(response).map((r) => r.name), currentAuthenticator(response)?.id ?? ''].join('|');
