import type { Store } from '../store/store.js';
import { KeyEncryption, KeyEncryptionError, loadKeyEncryptionKey } from './keyEncryption.js';
import { newSecret } from './ids.js';

/** A value sealed when the store is first opened: opening it tells whether the KEK is the store's. */
const KEK_CHECK = 'kek.check';

/**
 * Server secrets (the IDX handle key, the email-code HMAC key, …): 32 random bytes made once per
 * store, kept in the settings table sealed under the key-encryption key, the same in every process.
 */
export class ServerSecrets {
  private constructor(private readonly store: Store, readonly encryption: KeyEncryption) {}

  /**
   * The store's secrets under the configured key-encryption key (or the data directory's). A key
   * that does not open what this store sealed before stops here, with one KeyEncryptionError line.
   */
  static async open(store: Store, config: { keyEncryptionKey?: string; dataDir: string }): Promise<ServerSecrets> {
    const encryption = new KeyEncryption(loadKeyEncryptionKey(config.keyEncryptionKey, config.dataDir));
    const check = await store.settings.getOrCreate(KEK_CHECK, () => encryption.seal(KEK_CHECK, KEK_CHECK));
    try {
      encryption.open(check, KEK_CHECK);
    } catch {
      throw new KeyEncryptionError('the key-encryption key is not the one this store was encrypted with: give every process the same --key-encryption-key (LATCHKEY_KEY_ENCRYPTION_KEY) or the same data directory kek file');
    }
    return new ServerSecrets(store, encryption);
  }

  /** The secret named `name`, made on first use. One stored in clear (a store older than encryption) is sealed now. */
  async get(name: string): Promise<Buffer> {
    const stored = await this.store.settings.getOrCreate(name, () => this.encryption.seal(newSecret(32), name));
    if (KeyEncryption.isSealed(stored)) return Buffer.from(this.encryption.open(stored, name), 'base64url');
    await this.store.settings.replace(name, stored, this.encryption.seal(stored, name));
    return Buffer.from(stored, 'base64url');
  }
}
