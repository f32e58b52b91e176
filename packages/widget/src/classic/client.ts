import { get, post, WidgetError, type Answer } from '../api/http.js';
import type { AuthnErrorBody, AuthnTransaction } from './types.js';

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** An authn answer: the next transaction, or Okta's error (a wrong password, an expired transaction) to show. */
export type AuthnAnswer = { transaction: AuthnTransaction } | { refused: AuthnErrorBody; xhr: Answer };

/**
 * POSTs to an authn URL (one of the transaction's links, or where a flow begins). Anything that is
 * neither a transaction nor Okta's error body cannot be shown: it throws.
 */
export async function authn(url: string, body: Record<string, unknown>): Promise<AuthnAnswer> {
  const answer = await post(url, JSON.stringify(body), JSON_HEADERS, true);
  const json = answer.responseJSON;
  if (answer.status < 400 && typeof json?.status === 'string') return { transaction: json as unknown as AuthnTransaction };
  if (answer.status >= 400 && typeof json?.errorCode === 'string') return { refused: json as AuthnErrorBody, xhr: answer };
  throw WidgetError.fromAnswer(answer);
}

/** GETs a list the transaction links to (the question factor's questions). */
export async function authnList<T>(url: string): Promise<T[]> {
  const answer = await get(url, { Accept: 'application/json' });
  const list: unknown = answer.responseJSON;
  if (answer.status >= 400 || !Array.isArray(list)) throw WidgetError.fromAnswer(answer);
  return list as T[];
}
