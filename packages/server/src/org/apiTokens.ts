import type { Store } from '../store/store.js';
import type { ApiTokenRecord } from '../store/repositories/apiTokens.js';
import { hashSecret } from '../platform/crypto.js';
import { newId, newSecret } from '../platform/ids.js';

/** What an admin sees of a token: never the token itself, which is shown once, when it is made. */
export type ApiTokenSummary = Omit<ApiTokenRecord, 'tokenHash'>;

const summary = ({ tokenHash: _hash, ...rest }: ApiTokenRecord): ApiTokenSummary => rest;

/** A new management API token (`Authorization: SSWS <token>`): answered once; only its hash is kept. */
export async function createApiToken(store: Store, name: string, now: number): Promise<{ token: string; summary: ApiTokenSummary }> {
  const token = `00${newSecret(30)}`;
  const record = { id: newId('apiToken'), name, tokenHash: hashSecret(token), createdAt: now };
  await store.apiTokens.insert(record);
  return { token, summary: summary(record) };
}

export async function listApiTokens(store: Store): Promise<ApiTokenSummary[]> {
  return (await store.apiTokens.list()).map(summary);
}

/** Revoking deletes the token (as Okta does): the next request with it is refused. Answers whether there was one. */
export const revokeApiToken = (store: Store, id: string): Promise<boolean> => store.apiTokens.remove(id);

/**
 * The token a request presents, if it is one of ours. Looked up by its hash, so the comparison
 * happens on a hash the caller cannot steer byte by byte, never on the token itself.
 */
export async function authenticateApiToken(store: Store, presented: string): Promise<ApiTokenSummary | undefined> {
  const record = await store.apiTokens.findByHash(hashSecret(presented));
  return record && summary(record);
}
