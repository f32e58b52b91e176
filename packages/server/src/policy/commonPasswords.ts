import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The blocklist of commonly used passwords NIST SP 800-63B asks for: zxcvbn's frequency-ordered list (about
 * 49,000 entries from leaked-password corpora, MIT), bundled so no lookup leaves the process. The
 * set is built on first use; `normalized` must already be NFKC (see normalizePassword).
 */
let common: Set<string> | undefined;

export function isCommonPassword(normalized: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common.has(normalized.toLowerCase());
}
