/**
 * The device API of Latchkey Verify, as both sides see it (docs/verify.md): its paths under the org
 * URL and the JWT every request carries, signed ES256 with the device's key.
 */
export const DEVICE_PATHS = {
  enroll: '/idp/verify/enroll',
  challenges: '/idp/verify/challenges',
  answer: (challengeId: string) => `/idp/verify/challenges/${encodeURIComponent(challengeId)}/answer`,
} as const;

/** The JWT's `typ`: a device JWT cannot pass for any other kind of token, nor another for it. */
export const DEVICE_JWT_TYPE = 'latchkey-device+jwt';
export const DEVICE_JWT_ALG = 'ES256';
/** The longest a device JWT may live (exp − iat): each is made for one request. */
export const DEVICE_JWT_MAX_SECONDS = 120;
/** The authorization scheme: `Authorization: Device <jwt>`. */
export const DEVICE_AUTH_SCHEME = 'Device';

/** What a device answers to a push. */
export type Decision = 'approve' | 'deny';

/** A push as the device lists it. */
export interface DevicePush {
  id: string;
  /** The numbers to choose from (one is on the sign-in page); empty when no number is asked. */
  choices: number[];
  expiresAt: string;
}
