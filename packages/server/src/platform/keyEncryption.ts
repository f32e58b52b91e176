import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSecret } from './ids.js';

/** A stored value sealed by this version: `v1.` + base64url(iv ‖ ciphertext ‖ tag), AES-256-GCM. The prefix lets the format change later. */
const V1 = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key-encryption key cannot be read, or does not open what the store holds: the start stops with this one line. */
export class KeyEncryptionError extends Error {}

/**
 * Seals secrets stored at rest (private signing keys, server secrets) under the key-encryption key.
 * `context` (what the value is, e.g. its kid) is bound as associated data, so a sealed value cannot
 * be moved to another row and opened there.
 */
export class KeyEncryption {
  /** `kek`: 32 bytes (loadKeyEncryptionKey). */
  constructor(private readonly kek: Buffer) {}

  static isSealed(value: string): boolean {
    return value.startsWith(V1);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv).setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return V1 + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  open(sealed: string, context: string): string {
    if (!KeyEncryption.isSealed(sealed)) throw new KeyEncryptionError(`the stored ${context} is in an unknown format`);
    const raw = Buffer.from(sealed.slice(V1.length), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.kek, raw.subarray(0, IV_BYTES)).setAAD(Buffer.from(context));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyEncryptionError(`the key-encryption key does not open the stored ${context}: start with the key this store was encrypted with (--key-encryption-key, LATCHKEY_KEY_ENCRYPTION_KEY, or the data directory's kek file)`);
    }
  }
}

/** A base64url 32-byte key, or undefined. */
export function decodeKek(text: string): Buffer | undefined {
  const key = /^[A-Za-z0-9_-]{43}$/.test(text) ? Buffer.from(text, 'base64url') : undefined;
  return key?.length === 32 ? key : undefined;
}

/**
 * The configured key-encryption key, or the one in `<dataDir>/kek`, created (mode 0600, folder 0700)
 * on first start. Processes starting together on one data directory all end up with the first one
 * written: each writes its own temporary file and links it into place, which only one link wins.
 */
export function loadKeyEncryptionKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return decodeKek(configured) ?? fail('--key-encryption-key (LATCHKEY_KEY_ENCRYPTION_KEY) must be 32 bytes in base64url');
  const file = join(dataDir, 'kek');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    return readKekFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = `${file}.${process.pid}.${newSecret(6)}`;
  writeFileSync(temporary, `${newSecret(32)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readKekFile(file);
}

function readKekFile(file: string): Buffer {
  return decodeKek(readFileSync(file, 'utf8').trim()) ?? fail(`${file} does not hold a 32-byte base64url key-encryption key`);
}

function fail(message: string): never {
  throw new KeyEncryptionError(message);
}
