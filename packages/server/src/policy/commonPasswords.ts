import { createRequire } from 'node:module';

type Dictionaries = typeof import('@zxcvbn-ts/language-common');

/**
 * The blocklist of commonly used passwords NIST SP 800-63B asks for: zxcvbn's frequency-ordered
 * list (about 49,000 entries from leaked-password corpora, MIT), bundled so no lookup leaves the
 * process. It is loaded and made a set on first use (orgs without the check never pay its ~7 MB);
 * `normalized` must already be NFKC (see normalizePassword).
 */
let common: Set<string> | undefined;

export function isCommonPassword(normalized: string): boolean {
  common ??= new Set((createRequire(import.meta.url)('@zxcvbn-ts/language-common') as Dictionaries).dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common.has(normalized.toLowerCase());
}
