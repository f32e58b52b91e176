import { sign } from 'node:crypto';
import type { ActiveKey } from '../../org/keys.js';
import { poolFullOfLongTasks } from '../../platform/threadPool.js';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Compact RS256 JWS. node:crypto's callback form signs on the libuv thread pool, so signing —
 * the dominant cost of a token response — does not block the event loop and every core signs;
 * while password hashes fill the pool, it signs at once on the event loop instead of queueing.
 * jose would route through WebCrypto with more per-call overhead; verification still uses jose.
 */
export function signJwt(payload: Record<string, unknown>, key: ActiveKey): Promise<string> {
  const input = `${encode({ kid: key.kid, alg: 'RS256' })}.${encode(payload)}`;
  if (poolFullOfLongTasks()) {
    try {
      return Promise.resolve(`${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), key.privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
}
