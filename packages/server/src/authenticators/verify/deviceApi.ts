import { decodeProtectedHeader, importJWK, jwtVerify, type JWK, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { Store } from '../../store/store.js';
import type { Clock } from '../../platform/clock.js';
import type { KeyEncryption } from '../../platform/keyEncryption.js';
import type { AuthenticatorEnrollment } from '../../store/repositories/authenticatorEnrollments.js';
import { hashSecret } from '../../platform/crypto.js';
import { DEVICE_JWT_ALG, DEVICE_JWT_MAX_SECONDS, DEVICE_JWT_TYPE, DEVICE_PATHS, type Decision, type DevicePush } from './deviceProtocol.js';
import { openDeviceKey, sealDeviceKey, VERIFY_KEY } from './deviceEnrollment.js';

/** A refused device request: the HTTP status and an OAuth-style error code (the surface sends both). */
export class DeviceError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const unauthorized = (why: string) => new DeviceError(401, 'invalid_token', why);
const MAX_DEVICE_NAME = 100;
/** A phone's clock may be this far off the server's. */
const CLOCK_SKEW_SECONDS = 30;

function headerOf(jwt: string): ProtectedHeaderParameters {
  try {
    return decodeProtectedHeader(jwt);
  } catch {
    throw unauthorized('not a JWT');
  }
}

/**
 * The device side of Latchkey Verify, free of HTTP: enrolling a device key with a QR code's token,
 * listing its pending pushes, answering one. Every request is a JWT signed with the device's key
 * (ES256, typ latchkey-device+jwt), made for one endpoint (aud), short-lived, its jti used once.
 */
export class VerifyDevices {
  constructor(private readonly deps: { store: Store; clock: Clock; sealing: KeyEncryption; baseUrl: string }) {}

  /** A device enrols the key that signed the request (in its `jwk` header) with a QR code's one-time token; answers its enrollment id. */
  async enroll(jwt: string): Promise<{ enrollmentId: string }> {
    const jwk = headerOf(jwt).jwk;
    if (jwk?.kty !== 'EC' || jwk.crv !== 'P-256' || 'd' in jwk) throw unauthorized('the jwk header must be a public P-256 key');
    const { payload } = await this.verified(jwt, DEVICE_PATHS.enroll, jwk);
    const { store, clock, sealing } = this.deps;
    const deviceName = typeof payload.deviceName === 'string' ? payload.deviceName.trim().slice(0, MAX_DEVICE_NAME) : '';
    if (typeof payload.token !== 'string' || !deviceName) throw new DeviceError(400, 'invalid_request', 'token and deviceName are required');
    await this.useOnce(`verify-enroll:${hashSecret(JSON.stringify([jwk.x, jwk.y]))}`, payload);
    const grant = await store.verifyPush.consumeEnrollmentToken(hashSecret(payload.token), clock.now());
    if (!grant) throw new DeviceError(400, 'invalid_grant', 'the enrollment code is unknown, used or expired');
    const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
    await store.authenticatorEnrollments.insert({
      id: grant.enrollmentId, userId: grant.userId, authenticatorKey: VERIFY_KEY, status: 'ACTIVE', profile: { deviceName },
      sealedSecret: sealDeviceKey(sealing, grant.enrollmentId, publicJwk), createdAt: clock.now(), lastUsedAt: null, lastStep: null,
    });
    return { enrollmentId: grant.enrollmentId };
  }

  /** The device's pushes waiting for an answer. */
  async pending(jwt: string): Promise<DevicePush[]> {
    const { enrollment } = await this.device(jwt, DEVICE_PATHS.challenges);
    const pushes = await this.deps.store.verifyPush.pendingFor(enrollment.id, this.deps.clock.now());
    return pushes.map((p) => ({ id: p.id, choices: p.choices, expiresAt: new Date(p.expiresAt).toISOString() }));
  }

  /** Approves or denies a push; approving a number challenge with another number than the one shown denies it. */
  async answer(jwt: string, challengeId: string): Promise<{ status: 'APPROVED' | 'DENIED' }> {
    const { enrollment, payload } = await this.device(jwt, DEVICE_PATHS.answer(challengeId));
    const decision = payload.decision as Decision;
    if (decision !== 'approve' && decision !== 'deny') throw new DeviceError(400, 'invalid_request', 'decision must be approve or deny');
    const { store, clock } = this.deps;
    const push = await store.verifyPush.challenge(challengeId);
    if (!push || push.enrollmentId !== enrollment.id) throw new DeviceError(404, 'not_found', 'no such push for this device');
    const rightNumber = push.correctAnswer === null || payload.number === push.correctAnswer;
    const status = decision === 'approve' && rightNumber ? 'APPROVED' : 'DENIED';
    if (!(await store.verifyPush.answer(push.id, enrollment.id, status, clock.now()))) throw new DeviceError(409, 'push_closed', 'the push was answered already or expired');
    return { status };
  }

  /** The enrolled device that signed the request (its enrollment id is the JWT's `kid`), and the verified claims. */
  private async device(jwt: string, path: string): Promise<{ enrollment: AuthenticatorEnrollment; payload: JWTPayload }> {
    const { kid } = headerOf(jwt);
    const enrollment = kid ? await this.deps.store.authenticatorEnrollments.findById(kid) : undefined;
    if (!enrollment || enrollment.authenticatorKey !== VERIFY_KEY || enrollment.status !== 'ACTIVE') throw unauthorized('unknown device');
    const { payload } = await this.verified(jwt, path, openDeviceKey(this.deps.sealing, enrollment) as JWK);
    await this.useOnce(`verify-device:${enrollment.id}`, payload);
    return { enrollment, payload };
  }

  /** Checks the signature, type, audience (the endpoint's URL) and times; any failure is a 401. */
  private async verified(jwt: string, path: string, jwk: JWK) {
    const now = this.deps.clock.now();
    try {
      const verified = await jwtVerify(jwt, await importJWK(jwk, DEVICE_JWT_ALG), {
        algorithms: [DEVICE_JWT_ALG], typ: DEVICE_JWT_TYPE, audience: `${this.deps.baseUrl}${path}`,
        currentDate: new Date(now), maxTokenAge: DEVICE_JWT_MAX_SECONDS, clockTolerance: CLOCK_SKEW_SECONDS, requiredClaims: ['exp', 'iat', 'jti'],
      });
      const { exp, iat } = verified.payload;
      if (exp! - iat! > DEVICE_JWT_MAX_SECONDS) throw unauthorized(`a device JWT lives at most ${DEVICE_JWT_MAX_SECONDS} s`);
      return verified;
    } catch (error) {
      if (error instanceof DeviceError) throw error;
      throw unauthorized('the device JWT does not verify');
    }
  }

  /** Each jti is accepted once per signer (kept until the JWT expires): a captured request cannot be replayed. */
  private async useOnce(signer: string, payload: JWTPayload): Promise<void> {
    if (typeof payload.jti !== 'string' || payload.jti.length > 200) throw unauthorized('jti is required');
    if (!(await this.deps.store.tokens.useAssertion(signer, payload.jti, payload.exp! * 1000))) throw unauthorized('the device JWT was used already');
  }
}
