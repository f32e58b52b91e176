import type { Store } from '../store/store.js';
import type { ApiTokenRecord } from '../store/repositories/apiTokens.js';
import { hashSecret } from '../platform/crypto.js';
import { newId, newSecret } from '../platform/ids.js';
import { durationMs } from '../platform/isoDuration.js';

/** What an admin sees of a token: never the token itself, which is shown once, when it is made. */
export type ApiTokenSummary = Omit<ApiTokenRecord, 'tokenHash'>;

const summary = ({ tokenHash: _hash, ...rest }: ApiTokenRecord): ApiTokenSummary => rest;

/** Okta's default: a token expires after 30 days without use. */
export const DEFAULT_TOKEN_WINDOW = 'P30D';
const MIN_WINDOW_MS = 5 * 60_000;
const MAX_WINDOW_MS = 180 * 24 * 3600_000;

/**
 * A use is recorded at most once a minute per token: recording every request would turn every
 * management read into a write on one row (a lock that concurrent calls with the same token queue
 * on). The expiry so lags the last use by under a minute, well inside the shortest window (5 minutes).
 */
const USE_RECORDING_INTERVAL_MS = 60_000;

/** A token window (ISO 8601 duration) in milliseconds, or undefined when it is not one from 5 minutes to 180 days. */
export function tokenWindowMs(window: string): number | undefined {
  const ms = durationMs(window);
  return ms !== undefined && ms >= MIN_WINDOW_MS && ms <= MAX_WINDOW_MS ? ms : undefined;
}

/**
 * A new management API token (`Authorization: SSWS <token>`): answered once; only its hash is kept.
 * `tokenWindow` must be valid (tokenWindowMs); `userId`: the user it acts for, if any.
 */
export async function createApiToken(store: Store, name: string, now: number, options: { tokenWindow?: string; userId?: string } = {}): Promise<{ token: string; summary: ApiTokenSummary }> {
  const tokenWindow = options.tokenWindow ?? DEFAULT_TOKEN_WINDOW;
  const windowMs = tokenWindowMs(tokenWindow);
  if (windowMs === undefined) throw new RangeError(`token window ${tokenWindow} is not an ISO 8601 duration from PT5M to P180D`);
  const token = `00${newSecret(30)}`;
  const record = { id: newId('apiToken'), name, tokenHash: hashSecret(token), createdAt: now, tokenWindow, lastUsedAt: now, expiresAt: now + windowMs, userId: options.userId ?? null, network: null };
  await store.apiTokens.insert(record);
  return { token, summary: summary(record) };
}

/** Every token, expired ones too (the CLI shows them, so an admin sees why one stopped working). */
export async function listApiTokens(store: Store): Promise<ApiTokenSummary[]> {
  return (await store.apiTokens.list()).map(summary);
}

/** Who made a token: Okta names the client (its Admin Console is "Okta API"); Latchkey's tokens come from its CLI. */
export const API_TOKEN_CLIENT_NAME = 'Latchkey CLI';

/**
 * A page of the tokens that still work at `now` (Okta lists only active tokens), after the token
 * `after`; with `q`, those whose name or client name contains it (any case), as Okta's `q` finds them.
 */
export async function listLiveApiTokens(store: Store, now: number, page: { limit: number; after?: string; q?: string }): Promise<ApiTokenSummary[]> {
  const { q, ...rest } = page;
  const everyClient = q === undefined || API_TOKEN_CLIENT_NAME.toLowerCase().includes(q.toLowerCase());
  return (await store.apiTokens.list({ liveAt: now, ...rest, ...(!everyClient && { nameContains: q }) })).map(summary);
}

/** A token that still works at `now`, by id: an expired one is as gone as a revoked one. */
export async function findLiveApiToken(store: Store, id: string, now: number): Promise<ApiTokenSummary | undefined> {
  const record = await store.apiTokens.findById(id);
  return record && record.expiresAt > now ? summary(record) : undefined;
}

/**
 * Okta's upsert of a token's network condition (and its name): answers the token as it now is, or
 * undefined when it was revoked meanwhile. The zones are checked by the caller.
 */
export async function updateApiToken(store: Store, token: ApiTokenSummary, changes: Pick<ApiTokenSummary, 'name' | 'network'>): Promise<ApiTokenSummary | undefined> {
  return (await store.apiTokens.update(token.id, changes)) ? { ...token, ...changes } : undefined;
}

/** Revoking deletes the token (as Okta does): the next request with it is refused. Answers whether there was one. */
export const revokeApiToken = (store: Store, id: string): Promise<boolean> => store.apiTokens.remove(id);

/**
 * The token a request presents at `now`, if it is one of ours and has not expired; its use is
 * recorded (see USE_RECORDING_INTERVAL_MS). Looked up by its hash, so the comparison happens on a
 * hash the caller cannot steer byte by byte, never on the token itself.
 */
export async function authenticateApiToken(store: Store, presented: string, now: number): Promise<ApiTokenSummary | undefined> {
  const record = await store.apiTokens.findByHash(hashSecret(presented));
  if (!record || record.expiresAt <= now) return undefined;
  const recordedSince = now - USE_RECORDING_INTERVAL_MS;
  if (record.lastUsedAt >= recordedSince) return summary(record);
  const expiresAt = now + (tokenWindowMs(record.tokenWindow) ?? 0);
  await store.apiTokens.recordUse(record.id, now, expiresAt, recordedSince);
  return summary({ ...record, lastUsedAt: now, expiresAt });
}
