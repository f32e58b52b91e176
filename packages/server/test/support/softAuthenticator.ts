import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

// The IDX wire format is loosely typed JSON.
type Json = any;

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();
const counterBytes = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/**
 * A WebAuthn authenticator in software (ES256, "none" attestation), to drive the IDX API from Node as a
 * browser with a security key would: it answers Okta's activationData and challengeData with the
 * base64url fields okta-auth-js sends.
 */
export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly key: KeyObject;
  private readonly publicJwk: Json;
  private userHandle = Buffer.alloc(0);
  counter = 0;

  constructor(readonly origin: string, readonly rpId = new URL(origin).hostname) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.key = privateKey;
    this.publicJwk = publicKey.export({ format: 'jwk' });
  }

  /** navigator.credentials.create for Okta's activationData: clientData, attestation, transports (a JSON string, as Okta's clients send). */
  register(activationData: Json, options: { origin?: string } = {}): Json {
    this.userHandle = Buffer.from(activationData.user.id, 'base64url');
    const attested = Buffer.concat([Buffer.alloc(16), Buffer.from([0, this.credentialId.length]), this.credentialId, this.publicKey()]);
    const authData = Buffer.concat([sha256(activationData.rp.id ?? this.rpId), Buffer.from([FLAG_UP | FLAG_UV | FLAG_AT]), counterBytes(this.counter), attested]);
    const attestation = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
    return {
      clientData: this.clientData('webauthn.create', activationData.challenge, options.origin),
      attestation: Buffer.from(attestation).toString('base64url'),
      transports: JSON.stringify(['usb']),
    };
  }

  /**
   * navigator.credentials.get for Okta's challengeData: the assertion fields, the counter one higher, and the user handle (passkeys).
   * `userVerified: false`: the authenticator saw the person present but did not verify them.
   */
  assert(challenge: string, options: { origin?: string; userVerified?: boolean } = {}): Json {
    this.counter += 1;
    const flags = FLAG_UP | (options.userVerified === false ? 0 : FLAG_UV);
    const authenticatorData = Buffer.concat([sha256(this.rpId), Buffer.from([flags]), counterBytes(this.counter)]);
    const clientData = this.clientData('webauthn.get', challenge, options.origin);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(Buffer.from(clientData, 'base64url'))]), this.key);
    return {
      clientData, authenticatorData: authenticatorData.toString('base64url'), signatureData: signature.toString('base64url'),
      userHandle: this.userHandle.toString('base64url'),
    };
  }

  /** The private key as PKCS#8 DER, base64: DevTools' virtual authenticator holds the credential with it (WebAuthn.addCredential). */
  privateKeyPkcs8(): string {
    return this.key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  }

  /** The credential's public key as COSE (ES256), as registration stores it (an org file's WebAuthn enrollment carries it, base64url). */
  publicKey(): Buffer {
    const cose = new Map<number, number | Uint8Array>([
      [1, 2], [3, -7], [-1, 1], [-2, Buffer.from(this.publicJwk.x, 'base64url')], [-3, Buffer.from(this.publicJwk.y, 'base64url')],
    ]);
    return Buffer.from(isoCBOR.encode(cose));
  }

  private clientData(type: string, challenge: string, origin = this.origin): string {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false })).toString('base64url');
  }
}
