import type { KeyEncryption } from '../../platform/keyEncryption.js';

/**
 * A rotated refresh token's successor is kept sealed for the leeway (so a retry gets the same one),
 * under a server secret of its own (`seal`), bound to the rotated token's hash so it opens on that row only.
 */
export const sealSuccessor = (seal: KeyEncryption, successor: string, rotatedHash: string): string => seal.seal(successor, rotatedHash);

/** The successor sealed for this rotated token; undefined when it does not open (another key, another row, altered). */
export function openSuccessor(seal: KeyEncryption, sealed: string, rotatedHash: string): string | undefined {
  try {
    return seal.open(sealed, rotatedHash);
  } catch {
    return undefined;
  }
}
