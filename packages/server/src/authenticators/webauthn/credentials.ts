import type { AuthenticatorTransportFuture } from '@simplewebauthn/server';
import type { AuthenticatorEnrollment } from '../../store/repositories/authenticatorEnrollments.js';
import { WEBAUTHN_KEY } from './relyingParty.js';

/** What is recorded of a credential at registration (the enrollment's profile). */
export interface CredentialProfile {
  transports: AuthenticatorTransportFuture[];
  /** The authenticator model (zeros when it does not say). */
  aaguid: string;
  attestationFormat: string;
  /** The authenticator verified the person (PIN, biometrics) when it registered. */
  userVerified: boolean;
  /** A passkey that may be synced to other devices, and whether it is. */
  backupEligible: boolean;
  backedUp: boolean;
}

/** A stored WebAuthn credential. */
export interface StoredCredential {
  enrollment: AuthenticatorEnrollment;
  credentialId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: AuthenticatorTransportFuture[];
  profile: Partial<CredentialProfile>;
}

/** The user's WebAuthn credentials among their enrollments, oldest first. */
export function credentialsOf(enrollments: readonly AuthenticatorEnrollment[]): StoredCredential[] {
  return enrollments.filter((e) => e.authenticatorKey === WEBAUTHN_KEY && e.credentialId && e.publicKey).map((e) => {
    const profile = e.profile as Partial<CredentialProfile>;
    return {
      enrollment: e, credentialId: e.credentialId!, publicKey: new Uint8Array(Buffer.from(e.publicKey!, 'base64url')), counter: Number(e.lastStep ?? 0),
      transports: Array.isArray(profile.transports) ? profile.transports : [], profile,
    };
  });
}

const TRANSPORTS: readonly string[] = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];

/** The transports a client reported: a JSON array in a string (Okta's clients) or an array; unknown names dropped. */
export function transportsOf(value: unknown): AuthenticatorTransportFuture[] {
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  return Array.isArray(list) ? (list.filter((t) => typeof t === 'string' && TRANSPORTS.includes(t)) as AuthenticatorTransportFuture[]) : [];
}
