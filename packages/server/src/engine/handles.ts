import { createHmac } from 'node:crypto';
import { safeEqual } from '../platform/crypto.js';

/**
 * State handles are `<transaction id>.<HMAC of it>`: any process holding the org's handle key can
 * check one without storing it, and render it again on every answer.
 */
export function stateHandleFor(transactionId: string, key: Buffer): string {
  return `${transactionId}.${createHmac('sha256', key).update(transactionId).digest('base64url')}`;
}

/** The transaction id a state handle names, or undefined when it was not made with this key. */
export function transactionIdOf(stateHandle: string, key: Buffer): string | undefined {
  const dot = stateHandle.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const id = stateHandle.slice(0, dot);
  return safeEqual(stateHandleFor(id, key), stateHandle) ? id : undefined;
}

/**
 * What the browser that runs a transaction keeps in a cookie, so a magic link opened later can tell
 * whether it is that browser. Derived with its own label: it cannot serve as a state handle.
 */
export function browserBindingFor(transactionId: string, key: Buffer): string {
  return createHmac('sha256', key).update(`browser:${transactionId}`).digest('base64url');
}
