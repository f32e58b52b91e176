import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { hash as argon2Hash, verify as argon2Verify, Algorithm } from '@node-rs/argon2';
import { verify as bcryptVerify } from '@node-rs/bcrypt';
import { safeEqual } from './crypto.js';
import { longPoolTask } from './threadPool.js';

const pbkdf2Async = promisify(pbkdf2);

/** OWASP's argon2id minimum: m=19 MiB, t=2, p=1. The native binding hashes on the libuv pool, off the event loop. */
export const ARGON2_PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * NIST SP 800-63B §5.1.1.2: passwords are Unicode-normalised (NFKC) before they are checked and
 * hashed, so "é" typed as one code point or as "e" + combining accent is the same password.
 */
export const normalizePassword = (password: string): string => password.normalize('NFKC');

export function hashPassword(password: string): Promise<string> {
  return longPoolTask(() => argon2Hash(normalizePassword(password), ARGON2_PARAMS));
}

/** A hash that matches nothing, for answers that have no hash to check: a missing one costs the same time as a wrong answer. */
let nothingHash: Promise<string> | undefined;
export const hashMatchingNothing = (): Promise<string> => (nothingHash ??= hashPassword(randomBytes(16).toString('base64')));

/**
 * Verifies against any stored format we accept: argon2 (PHC), bcrypt (modular crypt) and
 * PBKDF2 in our PHC-style form `$pbkdf2-<digest>$i=<iterations>,l=<keyBytes>$<salt b64>$<hash b64>`.
 * The normalised form is tried first; hashes imported from systems that did not normalise were
 * made from the raw string, so when normalising changed the input the raw form is tried too.
 */
export function verifyPassword(password: string, stored: string): Promise<boolean> {
  const normalized = normalizePassword(password);
  return longPoolTask(async () => (await verifyAnyFormat(normalized, stored)) || (normalized !== password && verifyAnyFormat(password, stored)));
}

async function verifyAnyFormat(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) return argon2Verify(stored, password).catch(() => false);
  if (/^\$2[abxy]\$/.test(stored)) return bcryptVerify(password, stored).catch(() => false);
  if (stored.startsWith('$pbkdf2-')) return verifyPbkdf2(password, stored);
  return false;
}

/** True when a successful sign-in should re-hash the password to the current argon2id parameters. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return !m || Number(m[1]) < ARGON2_PARAMS.memoryCost || Number(m[2]) < ARGON2_PARAMS.timeCost;
}

const PBKDF2_DIGESTS: Record<string, string> = { sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' };

export function formatPbkdf2(digest: string, iterations: number, salt: Buffer, hash: Buffer): string {
  return `$pbkdf2-${digest}$i=${iterations},l=${hash.length}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function isSupportedPasswordHash(stored: string): boolean {
  return stored.startsWith('$argon2') || /^\$2[abxy]\$\d\d\$.{53}$/.test(stored) || parsePbkdf2(stored) !== null;
}

function parsePbkdf2(stored: string) {
  const m = /^\$pbkdf2-(sha1|sha256|sha512)\$i=(\d+),l=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return null;
  return { digest: PBKDF2_DIGESTS[m[1]], iterations: Number(m[2]), keyLength: Number(m[3]), salt: Buffer.from(m[4], 'base64'), hash: Buffer.from(m[5], 'base64') };
}

async function verifyPbkdf2(password: string, stored: string): Promise<boolean> {
  const p = parsePbkdf2(stored);
  if (!p) return false;
  const derived = await pbkdf2Async(password, p.salt, p.iterations, p.keyLength, p.digest);
  return safeEqual(derived.toString('base64'), p.hash.toString('base64'));
}
