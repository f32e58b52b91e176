import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { parseEnrollmentUri } from '../../authenticators/verify/enrollmentUri.js';
import {
  DEVICE_AUTH_SCHEME, DEVICE_JWT_ALG, DEVICE_JWT_TYPE, DEVICE_PATHS, type Decision, type DevicePush,
} from '../../authenticators/verify/deviceProtocol.js';

/** What the key file keeps: the org, the enrollment (the JWTs' kid) and the device's private key. */
interface DeviceFile {
  org: string;
  enrollmentId: string;
  privateJwk: JWK;
}

/** The device API refused a request (its status and `error`). */
export class DeviceApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Each JWT is made for one request: a minute is plenty. */
const JWT_SECONDS = 60;

async function signed(privateJwk: JWK, header: Record<string, unknown>, org: string, path: string, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: DEVICE_JWT_ALG, typ: DEVICE_JWT_TYPE, ...header })
    .setAudience(`${org}${path}`).setIssuedAt().setExpirationTime(`${JWT_SECONDS}s`).setJti(randomBytes(16).toString('base64url'))
    .sign(await importJWK(privateJwk, DEVICE_JWT_ALG));
}

async function call<T>(method: string, org: string, path: string, jwt: string): Promise<T> {
  const response = await fetch(`${org}${path}`, { method, headers: { authorization: `${DEVICE_AUTH_SCHEME} ${jwt}` } });
  const body = (await response.json().catch(() => ({}))) as { error?: string; error_description?: string };
  if (!response.ok) throw new DeviceApiError(response.status, body.error ?? 'error', body.error_description ?? `HTTP ${response.status}`);
  return body as T;
}

/**
 * A Latchkey Verify device in a file: enrols from the QR code's URI with a new ES256 key, then lists
 * and answers its pushes. Talks only to the device API (docs/verify.md).
 */
export class DeviceClient {
  private constructor(private readonly device: DeviceFile) {}

  /** Enrols a new key with the URI's one-time token and writes the key file (readable by its owner only). */
  static async enroll(uri: string, deviceName: string, keyFile: string): Promise<DeviceClient> {
    const parsed = parseEnrollmentUri(uri);
    if (!parsed) throw new DeviceApiError(0, 'invalid_uri', 'not a Latchkey Verify enrollment URI (latchkey-verify://enroll?org=…&token=…)');
    const { publicKey, privateKey } = await generateKeyPair(DEVICE_JWT_ALG, { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const jwt = await signed(privateJwk, { jwk: await exportJWK(publicKey) }, parsed.orgUrl, DEVICE_PATHS.enroll, { token: parsed.token, deviceName });
    const { enrollmentId } = await call<{ enrollmentId: string }>('POST', parsed.orgUrl, DEVICE_PATHS.enroll, jwt);
    const device: DeviceFile = { org: parsed.orgUrl, enrollmentId, privateJwk };
    await writeFile(keyFile, `${JSON.stringify(device, null, 2)}\n`, { mode: 0o600 });
    return new DeviceClient(device);
  }

  static async open(keyFile: string): Promise<DeviceClient> {
    return new DeviceClient(JSON.parse(await readFile(keyFile, 'utf8')) as DeviceFile);
  }

  get enrollmentId(): string {
    return this.device.enrollmentId;
  }

  async pending(): Promise<DevicePush[]> {
    return (await this.request<{ challenges: DevicePush[] }>('GET', DEVICE_PATHS.challenges, {})).challenges;
  }

  /** Approves (with the number shown on the sign-in page, when one is asked) or denies a push. */
  async answer(challengeId: string, decision: Decision, number?: number): Promise<'APPROVED' | 'DENIED'> {
    const claims = { decision, ...(number !== undefined && { number }) };
    return (await this.request<{ status: 'APPROVED' | 'DENIED' }>('POST', DEVICE_PATHS.answer(challengeId), claims)).status;
  }

  private async request<T>(method: string, path: string, claims: Record<string, unknown>): Promise<T> {
    const { org, enrollmentId, privateJwk } = this.device;
    return call<T>(method, org, path, await signed(privateJwk, { kid: enrollmentId }, org, path, claims));
  }
}
