import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Store } from '../store/store.js';
import type { SigningKey } from '../store/repositories/signingKeys.js';
import type { Clock } from '../platform/clock.js';
import { KeyEncryption } from '../platform/keyEncryption.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import { isUniqueViolation } from '../store/errors.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/** How long clients may cache a JWKS (its Cache-Control max-age). */
export const JWKS_MAX_AGE_SECONDS = 300;
/** A new key is published this long before it signs by default: twice what a client may cache the JWKS for. */
export const DEFAULT_PREPUBLISH_SECONDS = 2 * JWKS_MAX_AGE_SECONDS;

export interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
}

interface SigningCandidate extends ActiveKey {
  signsFrom: number;
}

export interface KeyServiceOptions {
  /** Seals the private keys at rest. */
  encryption: KeyEncryption;
  events: SecurityEventSink;
  /** How long a rotated-in key is published before it signs, so the JWKS clients cached lists it by then. */
  prepublishMs: number;
}

/** `refused`: a replaced key may still have unexpired tokens; it is safe to retire from `safeAt` on. */
export type RetireOutcome = { retired: number } | { refused: { kid: string; safeAt: number } };

/** How long a process keeps the keys it read; a rotation elsewhere is seen within this time (well inside the pre-publication). */
const KEYS_TTL_MS = 30_000;

/**
 * Signing keys per authorization server: RS256, generated on first use, stored (private keys sealed
 * under the key-encryption key) so every process signs with the same key. A rotated-in key is
 * published at once but signs only from its `signsFrom` on, which every process reads from the
 * store; the key it replaces stays published as `previous` until retired.
 */
export class KeyService {
  private readonly cache = new Map<string, { keys: SigningCandidate[]; until: number }>();

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly options: KeyServiceOptions) {}

  /** Makes sure the server has a key (first start). */
  async ensure(serverId: string): Promise<void> {
    const keys = await this.store.signingKeys.published(serverId);
    if (!keys.some((k) => k.status === 'active')) await this.addFirstKey(serverId);
  }

  /** Seals private keys a store older than key encryption holds in clear. */
  async sealStoredKeys(): Promise<void> {
    for (const key of await this.store.signingKeys.all()) {
      if (!KeyEncryption.isSealed(key.privateJwk)) await this.store.signingKeys.replacePrivateJwk(key.kid, key.privateJwk, this.seal(key.kid, key.privateJwk));
    }
  }

  /** The key that signs now. */
  async active(serverId: string): Promise<ActiveKey> {
    const now = this.clock.now();
    let cached = this.cache.get(serverId);
    if (!cached || cached.until <= now) {
      cached = { keys: await this.candidates(serverId), until: now + KEYS_TTL_MS };
      this.cache.set(serverId, cached);
    }
    return signerAt(cached.keys, now);
  }

  /** Public keys that verify this server's tokens (JWKS `keys`), the not-yet-signing one included. */
  async published(serverId: string): Promise<JWK[]> {
    return (await this.store.signingKeys.published(serverId)).map((k) => JSON.parse(k.publicJwk) as JWK);
  }

  /**
   * A new key, published now and signing after the pre-publication period; the former one signs
   * until then. A server without a key yet gets one that signs at once.
   */
  async rotate(serverId: string): Promise<{ kid: string; signsFrom: number }> {
    const prepublished = await this.newKey(serverId, this.clock.now() + this.options.prepublishMs);
    const key = await this.store.transaction(async (tx) => {
      const replaced = await tx.signingKeys.replaceActive(serverId, prepublished.signsFrom);
      const inserted = replaced ? prepublished : { ...prepublished, signsFrom: this.clock.now() };
      await tx.signingKeys.insert(inserted);
      return inserted;
    });
    this.cache.delete(serverId);
    this.options.events.record({
      eventType: 'app.oauth2.as.key.rollover', outcome: { result: 'SUCCESS' }, actor: { id: 'latchkey', type: 'SystemPrincipal' },
      target: [{ id: serverId, type: 'AuthorizationServer' }, { id: key.kid, type: 'JsonWebKey' }],
    });
    return { kid: key.kid, signsFrom: key.signsFrom };
  }

  /**
   * Stops publishing the keys replaced by a rotation, once no unexpired token they signed can exist:
   * `longestLifetimeMs` (the longest a token of this server lives) after they stopped signing.
   * Refuses, retiring none, while one may; `force` retires them anyway (a compromised key).
   */
  async retirePrevious(serverId: string, longestLifetimeMs: number, force = false): Promise<RetireOutcome> {
    const now = this.clock.now();
    const previous = (await this.store.signingKeys.published(serverId)).filter((k) => k.status === 'previous');
    const unsafe = previous.map((k) => ({ kid: k.kid, safeAt: (k.signsUntil ?? now) + longestLifetimeMs }))
      .filter((k) => k.safeAt > now).sort((a, b) => b.safeAt - a.safeAt)[0];
    if (unsafe && !force) return { refused: unsafe };
    const retired = await this.store.signingKeys.retire(serverId, previous.map((k) => k.kid), now);
    this.cache.delete(serverId);
    return { retired };
  }

  private async candidates(serverId: string): Promise<SigningCandidate[]> {
    let rows = await this.store.signingKeys.published(serverId);
    if (!rows.some((k) => k.status === 'active')) {
      await this.addFirstKey(serverId);
      rows = await this.store.signingKeys.published(serverId);
    }
    return rows.map((r) => ({ kid: r.kid, signsFrom: r.signsFrom, privateKey: this.privateKey(r) }));
  }

  private privateKey(row: SigningKey): KeyObject {
    return createPrivateKey({ key: JSON.parse(this.options.encryption.open(row.privateJwk, context(row.kid))), format: 'jwk' });
  }

  /** A new server's first key signs at once: nobody can have cached a JWKS without it. */
  private async addFirstKey(serverId: string): Promise<void> {
    try {
      await this.store.signingKeys.insert(await this.newKey(serverId, this.clock.now()));
    } catch (error) {
      // Another process created the server's key first; that one is used.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  private async newKey(serverId: string, signsFrom: number): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
    const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint(publicJwk);
    const published = { kty: publicJwk.kty, alg: 'RS256', kid, use: 'sig', e: publicJwk.e, n: publicJwk.n };
    return {
      kid, serverId, alg: 'RS256', status: 'active', createdAt: this.clock.now(), signsFrom, signsUntil: null,
      publicJwk: JSON.stringify(published), privateJwk: this.seal(kid, JSON.stringify(privateKey.export({ format: 'jwk' }))),
    };
  }

  private seal(kid: string, privateJwk: string): string {
    return this.options.encryption.seal(privateJwk, context(kid));
  }
}

/** Binds a sealed private key to its kid. */
const context = (kid: string) => `signing-key:${kid}`;

/** The key that signs at `now`: the one that started last; if none has (its signer was retired by force), the next to start. */
function signerAt(keys: SigningCandidate[], now: number): SigningCandidate {
  const started = keys.filter((k) => k.signsFrom <= now).sort((a, b) => b.signsFrom - a.signsFrom);
  return started[0] ?? [...keys].sort((a, b) => a.signsFrom - b.signsFrom)[0];
}
