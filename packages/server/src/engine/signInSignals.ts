import type { Store } from '../store/store.js';
import type { User } from '../store/repositories/users.js';
import { identifierLockoutKey } from '../authenticators/password/lockout.js';
import type { Clock } from '../platform/clock.js';
import { hashSecret } from '../platform/crypto.js';
import { newSecret } from '../platform/ids.js';
import type { Step } from './step.js';
import { assessRisk, networkPrefix, RECENT_FAILURE_MINUTES, type RiskAssessment } from '../policy/risk.js';

/** What the device condition and the risk scorer know of a sign-in: is the device known for the user, and how risky it looks. */
export interface SignInSignals {
  device: { known: boolean };
  risk: RiskAssessment;
}

/**
 * The signals of a sign-in by `user` (undefined: the identifier matched nobody, who has no history,
 * like a new account) from the device whose cookie hashes to `deviceHash` (undefined: no cookie) at
 * `ip`. Failures are counted where the password lockout counts them (the account, or the
 * identifier's counter), so an identifier that matches nobody scores as an account would.
 */
export async function signInSignals(
  store: Store, user: User | undefined, identifier: string, deviceHash: string | undefined, ip: string, now: number,
): Promise<SignInSignals> {
  const prefix = networkPrefix(ip);
  const since = now - RECENT_FAILURE_MINUTES * 60_000;
  const [known, recentFailures] = await Promise.all([
    user ? store.signInHistory.knows(user.id, deviceHash, prefix) : { device: false, network: false },
    user?.passwordHash ? store.users.recentFailures(user.id, since) : store.identifierLockouts.recentFailures(identifierLockoutKey(identifier), since),
  ]);
  return { device: { known: known.device }, risk: assessRisk({ newDevice: !known.device, network: { prefix, seen: known.network }, recentFailures }) };
}

/** A device token: 32 random bytes, base64url. */
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** A device token lives as long as browsers keep a cookie (Chromium caps Expires at 400 days). */
const DEVICE_TOKEN_DAYS = 400;

/**
 * The browser's device, and the devices and networks users signed in from: the device is named by a
 * random token in a cookie, stored only as its hash; a successful sign-in makes it known for the user.
 */
export class SignInMemory {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  /** The device the cookie's token names (its hash), or a new device and the token to set (a missing or malformed cookie). */
  identifyDevice(token: string | undefined): { hash: string; newToken?: { value: string; expiresAt: number } } {
    if (token && DEVICE_TOKEN.test(token)) return { hash: hashSecret(token) };
    const value = newSecret(32);
    return { hash: hashSecret(value), newToken: { value, expiresAt: this.clock.now() + DEVICE_TOKEN_DAYS * 86_400_000 } };
  }

  /** What the sign-in did to the device: see Step.rememberDevice and Step.staySignedInAsked. */
  signedIn(userId: string, deviceHash: string | undefined, ip: string, { rememberDevice, staySignedInAsked }: Pick<Step, 'rememberDevice' | 'staySignedInAsked'> = {}): Promise<void> {
    return this.store.signInHistory.signedIn(userId, deviceHash, networkPrefix(ip), this.clock.now(), rememberDevice === true, staySignedInAsked === true);
  }
}
