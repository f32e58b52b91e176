import { createHash, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Okta-style object id prefixes: the prefix tells the kind of object, as on Okta's wire. */
export const IdPrefix = {
  user: '00u',
  group: '00g',
  app: '0oa',
  authServer: 'aus',
  scope: 'scp',
  claim: 'ocl',
  policy: '00p',
  rule: '0pr',
  trustedOrigin: 'tos',
  tokenFamily: 'oar',
  org: '00o',
  authenticatorEnrollment: 'pae',
  apiToken: '00T',
} as const;
export type IdKind = keyof typeof IdPrefix;

/**
 * Random bytes drawn from the CSPRNG 4 KiB at a time: one call into OpenSSL per batch instead of
 * one (about 2 µs) per id or secret. Each byte is handed out once; the view is valid until the next
 * call, so callers use it at once.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;
function randomView(bytes: number): Buffer {
  if (bytes > pool.length) return randomFillSync(Buffer.alloc(bytes));
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return pool.subarray(used - bytes, used);
}

/** Random base62 string; 62 does not divide 256, so reject bytes >= 248 to stay uniform. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomView(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A new 20-character id such as `00u3p97x5mnrXhsiN0g7`. */
export function newId(kind: IdKind): string {
  return IdPrefix[kind] + randomBase62(17);
}

/** An opaque secret (token, code, handle): 256 bits, URL-safe. */
export function newSecret(bytes = 32): string {
  return randomView(bytes).toString('base64url');
}

/** An id derived from `parts`: the same parts give the same id in every process (authenticator ids). */
export function stableId(prefix: string, ...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let out = '';
  for (const byte of digest) {
    if (byte < 248) out += ALPHABET[byte % 62];
    if (out.length === 17) break;
  }
  return prefix + out;
}
