import { sign } from 'node:crypto';
import type { ActiveKey } from '../../org/keys.js';
import { poolFullOfLongTasks } from '../../platform/threadPool.js';
import { SigningThread } from '../../platform/signingThread.js';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const signingThread = new SigningThread();

/**
 * Compact RS256 JWS. node:crypto's callback form signs on the libuv thread pool, so signing —
 * the dominant cost of a token response — does not block the event loop and every core signs;
 * while password hashes fill the pool, a thread of its own signs instead of queueing behind them.
 * jose would route through WebCrypto with more per-call overhead; verification still uses jose.
 */
export function signJwt(payload: Record<string, unknown>, key: ActiveKey): Promise<string> {
  const input = `${encode({ kid: key.kid, alg: 'RS256' })}.${encode(payload)}`;
  if (poolFullOfLongTasks()) return signingThread.sign(Buffer.from(input), key.kid, key.privateKey).then((signature) => `${input}.${signature.toString('base64url')}`);
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), key.privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
}
