import { createHash, randomBytes } from 'node:crypto';

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
} as const;
export type IdKind = keyof typeof IdPrefix;

/** Random base62 string; 62 does not divide 256, so reject bytes >= 248 to stay uniform. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
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
  return randomBytes(bytes).toString('base64url');
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
