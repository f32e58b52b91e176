import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { newSecret } from '../../platform/ids.js';
import type { Store } from '../../store/store.js';

const SECRET_SETTING = 'tokens.successorSecret';
const HKDF_INFO = 'latchkey refresh-token successor v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const keys = new WeakMap<Store, Buffer>();

/**
 * The AES-256 key that seals rotated tokens' successors: HKDF of a secret made once per store.
 * The one place to change when a key-encryption key takes over.
 */
async function successorKey(store: Store): Promise<Buffer> {
  let key = keys.get(store);
  if (!key) {
    const secret = Buffer.from(await store.settings.getOrCreate(SECRET_SETTING, () => newSecret(32)), 'base64url');
    key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32));
    keys.set(store, key);
  }
  return key;
}

/** AES-256-GCM of the successor, bound (associated data) to the rotated token's hash so it opens on that row only. */
export async function sealSuccessor(store: Store, successor: string, rotatedHash: string): Promise<string> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await successorKey(store), iv).setAAD(Buffer.from(rotatedHash));
  const sealed = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The successor sealed for this rotated token; undefined when it does not open (another key, another row, altered). */
export async function openSuccessor(store: Store, sealed: string, rotatedHash: string): Promise<string | undefined> {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  const key = await successorKey(store);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(rotatedHash));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
