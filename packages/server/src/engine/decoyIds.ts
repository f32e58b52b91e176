import { createHmac, hkdfSync } from 'node:crypto';
import { IdPrefix, stableId } from '../platform/ids.js';
import { normalizeLogin } from '../store/repositories/users.js';

/**
 * The user id shown for an identifier that matches no account: the same for that identifier in
 * every transaction and process, shaped like a real id, and unguessable without the org's key, so
 * it cannot be told from an account's (user enumeration prevention).
 */
export class DecoyIds {
  private readonly key: Buffer;

  /** `orgKey`: an org-wide secret; the decoy key is derived from it for this use alone. */
  constructor(orgKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', orgKey, Buffer.alloc(0), 'latchkey decoy user ids', 32));
  }

  userId(identifier: string): string {
    return stableId(IdPrefix.user, createHmac('sha256', this.key).update(normalizeLogin(identifier)).digest('base64url'));
  }
}
