import type { FastifyRequest } from 'fastify';
import type { StepView } from '../engine/step.js';
import type { SignInMemory } from '../engine/signInSignals.js';
import { DEVICE_COOKIE, readCookie } from '../http/cookies.js';
import { ApiError } from '../http/apiError.js';
import { hashSecret } from '../platform/crypto.js';

type Json = Record<string, unknown>;

/** Longest deviceToken taken (Okta's are short ids: 32 characters). */
const MAX_DEVICE_TOKEN = 256;
const PRINTABLE = /^[\u0020-\u007e]+$/;

const invalid = (field: string, summary: string, request = 'authRequest') =>
  new ApiError(400, 'E0000001', `Api validation failed: ${request}`, [{ errorSummary: `${field}: ${summary}` }]);

/** The device a primary authentication comes from (its hash, as known_devices keeps it), and a DT cookie to give a browser that has none. */
export type AuthnDevice = ReturnType<SignInMemory['identifyDevice']>;

/**
 * The device of `POST /api/v1/authn`, which a device is remembered for MFA by (Okta's per-device
 * factor prompt): the app's `context.deviceToken` ("a globally unique ID of the user's device",
 * hashed apart from cookies so that it can never name a browser's DT), else the browser's DT cookie,
 * as IDX reads it. A malformed context is E0000001.
 */
export function authnDevice(request: FastifyRequest, body: Json, memory: SignInMemory): AuthnDevice {
  const context = body.context;
  if (context !== undefined && context !== null && (typeof context !== 'object' || Array.isArray(context))) throw invalid('context', 'The value must be an object');
  const token = (context as Json | null | undefined)?.deviceToken;
  if (token !== undefined && token !== null) {
    if (typeof token !== 'string' || token.length > MAX_DEVICE_TOKEN || !PRINTABLE.test(token)) {
      throw invalid('context.deviceToken', `A string of 1 to ${MAX_DEVICE_TOKEN} printable characters`);
    }
    return { hash: hashSecret(`authn.deviceToken:${token}`) };
  }
  return memory.identifyDevice(readCookie(request.headers.cookie, DEVICE_COOKIE));
}

/** A verify's `?rememberDevice=` (okta-auth-js sends true or false): absent, undefined; anything else is E0000001. */
export function rememberDeviceOf(request: FastifyRequest): boolean | undefined {
  const value = (request.query as Json | undefined)?.rememberDevice;
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalid('rememberDevice', 'The value must be true or false', 'verifyFactorRequest');
}

/**
 * MFA_REQUIRED's and MFA_CHALLENGE's `_embedded.policy`: whether the app may offer to remember the
 * device (the global session policy's factorPromptMode DEVICE), for how long, and checked by default.
 */
export const rememberDevicePolicy = (view: StepView): Json => ({
  allowRememberDevice: view.rememberableMfa !== undefined,
  rememberDeviceLifetimeInMinutes: view.rememberableMfa?.lifetimeMinutes ?? 0,
  rememberDeviceByDefault: view.rememberableMfa?.byDefault ?? false,
  factorsPolicyInfo: {},
});
