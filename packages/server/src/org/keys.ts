import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import { isUniqueViolation } from '../store/errors.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
}

/** How long a process keeps using the active key it read; rotation elsewhere is seen within this time. */
const ACTIVE_KEY_TTL_MS = 30_000;

/**
 * Signing keys per authorization server: RS256, generated on first use, stored so every process
 * signs with the same key. Rotation keeps the former key published as `previous` until it is retired,
 * so tokens it signed keep verifying.
 */
export class KeyService {
  private readonly cache = new Map<string, { key: ActiveKey; until: number }>();

  constructor(private readonly store: Store, private readonly clock: Clock) {}

  /** Makes sure the server has an active key (first start). */
  async ensure(serverId: string): Promise<void> {
    const keys = await this.store.signingKeys.published(serverId);
    if (!keys.some((k) => k.status === 'active')) await this.addActiveKey(serverId);
  }

  /** The key that signs now. */
  async active(serverId: string): Promise<ActiveKey> {
    const now = this.clock.now();
    const cached = this.cache.get(serverId);
    if (cached && cached.until > now) return cached.key;
    let keys = await this.store.signingKeys.published(serverId);
    let row = keys.find((k) => k.status === 'active');
    if (!row) {
      await this.addActiveKey(serverId);
      keys = await this.store.signingKeys.published(serverId);
      row = keys.find((k) => k.status === 'active')!;
    }
    const key = { kid: row.kid, privateKey: createPrivateKey({ key: JSON.parse(row.privateJwk), format: 'jwk' }) };
    this.cache.set(serverId, { key, until: now + ACTIVE_KEY_TTL_MS });
    return key;
  }

  /** Public keys that verify this server's tokens (JWKS `keys`). */
  async published(serverId: string): Promise<JWK[]> {
    return (await this.store.signingKeys.published(serverId)).map((k) => JSON.parse(k.publicJwk) as JWK);
  }

  /** New active key; the former active one stays published as `previous`. Returns the new kid. */
  async rotate(serverId: string): Promise<string> {
    const kid = await this.store.transaction(async (tx) => {
      await tx.signingKeys.setStatus(serverId, 'active', 'previous', this.clock.now());
      return this.insertKey(tx.signingKeys, serverId);
    });
    this.cache.delete(serverId);
    return kid;
  }

  /** Stops publishing the keys that were replaced by a rotation. Returns how many were retired. */
  async retirePrevious(serverId: string): Promise<number> {
    return this.store.signingKeys.setStatus(serverId, 'previous', 'retired', this.clock.now());
  }

  private async addActiveKey(serverId: string): Promise<void> {
    try {
      await this.insertKey(this.store.signingKeys, serverId);
    } catch (error) {
      // Another process created the server's key first; that one is used.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  private async insertKey(repo: Store['signingKeys'], serverId: string): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
    const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint(publicJwk);
    const published = { kty: publicJwk.kty, alg: 'RS256', kid, use: 'sig', e: publicJwk.e, n: publicJwk.n };
    await repo.insert({
      kid, serverId, alg: 'RS256', status: 'active', createdAt: this.clock.now(),
      publicJwk: JSON.stringify(published), privateJwk: JSON.stringify(privateKey.export({ format: 'jwk' })),
    });
    return kid;
  }
}
